// Stateful word count: what checkpointed state costs. A spout cycles words of a 10,000-word
// vocabulary (acking on); a bolt fields-grouped on the word counts them and emits (word, count);
// a sink checks the sum of the counts. The count bolt keeps its counts
//   - in an unordered_map (no state: the baseline topology),
//   - in a StatefulBolt's KeyValueState on RocksDB, checkpointed every second
//     (topology.state.checkpoint.interval.ms = 1000): at-least-once (Storm's model, acks held
//     until COMMIT) with a plain spout, exactly-once with a ReplayableSpout,
// and, as the raw-library baseline, the same counts written straight to RocksDB (a Get and a Put
// per word, a synced WriteBatch per 100,000 words).
//   bench_state [RUNS [WORDS [ONLY]]]   prints one JSON object of medians (WORDS: 20,000,000 by
//   default, so that a run spans several checkpoints: at 3 M words/s a run of 3 M took under one
//   interval, and measured no checkpoint at all); ONLY (no_state,
//   rocksdb_state, exactly_once or raw_rocksdb) runs that one alone, for a profiler.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include "pipeline.hpp"
#include "squall/api/state/replayable_spout.hpp"
#include "squall/api/state/stateful_bolt.hpp"

using namespace squall;
using bench::median;

namespace {

const std::vector<std::string>& vocabulary() {
  static const std::vector<std::string> words = [] {
    std::mt19937_64 rng(20240601);
    std::uniform_int_distribution<int> length(3, 10), letter(0, 25);
    std::vector<std::string> v;
    for (int i = 0; i < 10000; ++i) {
      std::string word(static_cast<std::size_t>(length(rng)), 'a');
      for (auto& c : word) c = static_cast<char>('a' + letter(rng));
      v.push_back(std::move(word));
    }
    return v;
  }();
  return words;
}

const std::string& word_at(std::int64_t i) {
  return vocabulary()[static_cast<std::size_t>((i * 7919) % static_cast<std::int64_t>(vocabulary().size()))];
}

/// Emits `count` words with message ids; with Base = ReplayableSpout it also reports and rewinds
/// its position, which makes the topology's state exactly-once.
template <typename Base>
class WordSpoutOf : public Base {
 public:
  explicit WordSpoutOf(std::int64_t count) : count_(count) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    if (next_ >= count_) return;
    out_->emit({word_at(next_)}, MessageId(next_));
    ++next_;
  }
  bool exhausted() const override { return next_ >= count_; }

 protected:
  std::int64_t count_, next_ = 0;
  SpoutOutputCollector* out_ = nullptr;
};

using WordSpout = WordSpoutOf<Spout>;

class RewindingWordSpout : public WordSpoutOf<ReplayableSpout> {
 public:
  using WordSpoutOf::WordSpoutOf;
  Value position() const override { return next_; }
  void rewind(const Value& position) override { next_ = position.is_nil() ? 0 : position.as_int(); }
};

class MapCountBolt : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    auto count = ++counts_[in.get_string(0)];
    out_->emit(in, {in.get_string(0), count});
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
  std::unordered_map<std::string, std::int64_t> counts_;
};

class StateCountBolt : public StatefulBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void init_state(KeyValueState& state) override { counts_ = &state; }
  void execute(const Tuple& in) override {
    auto count = counts_->get(in.get_string(0), std::int64_t{0}).as_int() + 1;
    counts_->put(in.get_string(0), count);
    out_->emit(in, {in.get_string(0), count});
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
  KeyValueState* counts_ = nullptr;
};

struct Sum {
  std::atomic<std::int64_t> value{0};
  /// When the sink had a tenth of the words' counts (start-up, the state's INITSTATE included, is
  /// behind), and every word's count (before the run's last checkpoint).
  std::atomic<bench::Clock::rep> tenth_at{0}, counted_at{0};
};

/// Sums the counts (one task); notes the time its `words`-th count arrives.
class SumSink : public Bolt {
 public:
  SumSink(std::shared_ptr<Sum> sum, std::int64_t words) : sum_(std::move(sum)), words_(words) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    local_ += in.get_int(1);
    ++seen_;
    if (seen_ == words_ / 10) sum_->tenth_at = bench::Clock::now().time_since_epoch().count();
    if (seen_ == words_) sum_->counted_at = bench::Clock::now().time_since_epoch().count();
    out_->ack(in);
  }
  void cleanup() override { sum_->value += local_; }

 private:
  std::shared_ptr<Sum> sum_;
  std::int64_t words_;
  OutputCollector* out_ = nullptr;
  std::int64_t local_ = 0, seen_ = 0;
};

std::int64_t expected_sum(std::int64_t words) {
  std::unordered_map<std::string, std::int64_t> counts;
  std::int64_t sum = 0;
  for (std::int64_t i = 0; i < words; ++i) sum += ++counts[word_at(i)];
  return sum;
}

/// Words/s of one topology run: counting (steady state: the last 90% of the words, from the sink's
/// count of a tenth of them to its last) and completed (from submit to the end of the run, which
/// for state includes start-up and the last checkpoint's commit, up to one interval after the last
/// count); zeros when the sum of counts is wrong (said on stderr).
struct Rates {
  double counting = 0, completed = 0;
};
Rates run(std::int64_t words, bool stateful, bool rewinding, const std::filesystem::path& dir, std::int64_t want) {
  auto sum = std::make_shared<Sum>();
  TopologyBuilder b;
  if (rewinding) b.set_spout("words", [=] { return std::make_unique<RewindingWordSpout>(words); });
  else b.set_spout("words", [=] { return std::make_unique<WordSpout>(words); });
  if (stateful)
    b.set_bolt("count", [] { return std::make_unique<StateCountBolt>(); }).fields_grouping("words", {"word"});
  else
    b.set_bolt("count", [] { return std::make_unique<MapCountBolt>(); }).fields_grouping("words", {"word"});
  b.set_bolt("sink", [sum, words] { return std::make_unique<SumSink>(sum, words); }).shuffle_grouping("count");
  Config c;
  c.set(config_keys::kProgressIntervalSecs, 0);
  c.set(config_keys::kCheckpointIntervalMs, 1000);
  c.set(config_keys::kStateProvider, std::string("rocksdb"));
  std::filesystem::remove_all(dir);
  c.set(config_keys::kStateProviderConfig, nlohmann::json{{"dir", dir.string()}}.dump());
  auto [secs, metrics] = bench::run_to_completion(b, c);
  if (sum->value != want) {
    std::fprintf(stderr, "state bench: sum of counts %lld, expected %lld\n", static_cast<long long>(sum->value.load()),
                 static_cast<long long>(want));
    return {};
  }
  auto at = [](const std::atomic<bench::Clock::rep>& t) { return bench::Clock::time_point(bench::Clock::duration(t)); };
  return {static_cast<double>(words - words / 10) /
              std::chrono::duration<double>(at(sum->counted_at) - at(sum->tenth_at)).count(),
          static_cast<double>(words) / secs};
}

/// Words/s counted straight into RocksDB: Get + Put per word, one synced batch per 100,000.
double raw_rocksdb(std::int64_t words, const std::filesystem::path& dir) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, (dir / "raw").string(), &raw).ok()) return 0;
  std::unique_ptr<rocksdb::DB> db(raw);
  auto start = bench::Clock::now();
  std::unordered_map<std::string, std::int64_t> batch_values;
  rocksdb::WriteOptions sync;
  sync.sync = true;
  for (std::int64_t i = 0; i < words; ++i) {
    const std::string& w = word_at(i);
    auto it = batch_values.find(w);
    if (it == batch_values.end()) {
      std::string stored;
      std::int64_t v = db->Get(rocksdb::ReadOptions(), w, &stored).ok() ? std::stoll(stored) : 0;
      it = batch_values.emplace(w, v).first;
    }
    ++it->second;
    if ((i + 1) % 100000 == 0 || i + 1 == words) {
      rocksdb::WriteBatch batch;
      for (const auto& [k, v] : batch_values) batch.Put(k, std::to_string(v));
      db->Write(sync, &batch);
      batch_values.clear();
    }
  }
  return static_cast<double>(words) / std::chrono::duration<double>(bench::Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  std::int64_t words = argc > 2 ? std::max(1LL, std::atoll(argv[2])) : 20'000'000;
  std::string only = argc > 3 ? argv[3] : "";
  auto wanted = [&](const char* name) { return only.empty() || only == name; };
  spdlog::set_level(spdlog::level::warn);
  auto dir = std::filesystem::temp_directory_path() / ("squall-bench-state-" + std::to_string(::getpid()));
  auto want = expected_sum(words);
  std::vector<double> plain, stateful, exactly_once, raw, plain_done, stateful_done, exactly_once_done;
  auto take = [](Rates r, std::vector<double>& counting, std::vector<double>& completed) {
    counting.push_back(r.counting);
    completed.push_back(r.completed);
  };
  for (int r = 0; r < runs; ++r) {
    if (wanted("no_state")) take(run(words, false, false, dir, want), plain, plain_done);
    if (wanted("rocksdb_state")) take(run(words, true, false, dir, want), stateful, stateful_done);
    if (wanted("exactly_once")) take(run(words, true, true, dir, want), exactly_once, exactly_once_done);
    if (wanted("raw_rocksdb")) raw.push_back(raw_rocksdb(words, dir));
  }
  std::filesystem::remove_all(dir);
  nlohmann::json out{
      {"benchmark", "state"},
      {"shape", "words -> count (fields grouping; emits (word, count)) -> sink, acking on, 10,000 distinct words"},
      {"rate", "words counted per second in steady state: the last 90% of the words, as the sink receives their counts"},
      {"runs", runs},
      {"words", words},
      {"no_state_words_per_sec", median(plain)},
      {"rocksdb_state_checkpoint_1s_words_per_sec", median(stateful)},
      {"state_vs_no_state", median(stateful) / median(plain)},
      {"exactly_once_rocksdb_state_words_per_sec", median(exactly_once)},
      {"exactly_once_vs_no_state", median(exactly_once) / median(plain)},
      {"raw_rocksdb_get_put_words_per_sec", median(raw)},
      {"until_complete",
       {{"note", "from submit to the end of the run: for state, start-up (INITSTATE) and the last checkpoint's commit "
                 "(up to 1 s after the last count) too"},
        {"no_state_words_per_sec", median(plain_done)},
        {"rocksdb_state_words_per_sec", median(stateful_done)},
        {"exactly_once_words_per_sec", median(exactly_once_done)}}},
      {"peak_rss_mib", bench::peak_rss_mib()},
      {"all_runs",
       {{"no_state", plain}, {"rocksdb_state", stateful}, {"exactly_once", exactly_once}, {"raw_rocksdb", raw}}}};
  std::printf("%s\n", out.dump(2).c_str());
}
