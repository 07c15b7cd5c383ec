// Word count, the "wc" shape of the WindFlow peer benchmark (WindFlow: github.com/ParaGroup/WindFlow;
// scripts/peer-compare builds and runs it beside this):
// a spout cycles 4,096 lines of 10 words drawn from a 10,000-word vocabulary (3-10 lowercase
// letters; the same generator and seed, so both count the same words); a bolt splits each line
// into words; a bolt fields-grouped on the word keeps a count per word and emits (word, count) for
// every word, Storm's rolling word count; a sink counts and checks the sum of the counts.
// Rate = words/s into the count bolt. Acking off and on (every word anchored to its line).
//   bench_word_count [RUNS [LINES]]   prints one JSON object of medians.
//   bench_word_count RUNS LINES off|on  one rate per line (for scripts/peer-compare and perf).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "pipeline.hpp"

using namespace squall;
using bench::median;

namespace {

/// The 4,096 lines of the peer's wc shape: vocabulary first, then lines, from one mt19937_64.
std::vector<std::string> make_lines() {
  std::mt19937_64 rng(20240601);
  std::uniform_int_distribution<int> length(3, 10), letter(0, 25), pick(0, 9999);
  std::vector<std::string> vocabulary;
  for (int i = 0; i < 10000; ++i) {
    std::string word(static_cast<std::size_t>(length(rng)), 'a');
    for (auto& c : word) c = static_cast<char>('a' + letter(rng));
    vocabulary.push_back(std::move(word));
  }
  std::vector<std::string> lines;
  for (int l = 0; l < 4096; ++l) {
    std::string line;
    for (int k = 0; k < 10; ++k) line += (k ? " " : "") + vocabulary[static_cast<std::size_t>(pick(rng))];
    lines.push_back(std::move(line));
  }
  return lines;
}

const std::vector<std::string>& lines() {
  static const std::vector<std::string> all = make_lines();
  return all;
}

class LineSpout : public Spout {
 public:
  LineSpout(std::int64_t count, bool reliable) : count_(count), reliable_(reliable) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"line"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    if (next_ >= count_) return;
    Values v;
    v.emplace_back(lines()[static_cast<std::size_t>(next_) % lines().size()]);
    out_->emit(std::move(v), reliable_ ? MessageId(next_) : MessageId());
    ++next_;
  }
  bool exhausted() const override { return next_ >= count_; }

 private:
  std::int64_t count_, next_ = 0;
  bool reliable_;
  SpoutOutputCollector* out_ = nullptr;
};

class SplitBolt : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    std::string_view s = in.get_string(0);
    for (std::size_t start = 0; start < s.size();) {
      auto end = std::min(s.find(' ', start), s.size());
      if (end > start) {
        Values v;
        v.emplace_back(std::string(s.substr(start, end - start)));
        out_->emit(in, std::move(v));
      }
      start = end + 1;
    }
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
};

class CountBolt : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    const auto& word = in.get_string(0);
    auto count = ++counts_[word];
    Values v;
    v.reserve(2);
    v.emplace_back(word);
    v.emplace_back(count);
    out_->emit(in, std::move(v));
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
  std::unordered_map<std::string, std::int64_t> counts_;
};

struct Totals {
  std::atomic<std::int64_t> words{0}, sum{0};
};

class CheckSink : public Bolt {
 public:
  explicit CheckSink(std::shared_ptr<Totals> totals) : totals_(std::move(totals)) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    ++words_;
    sum_ += in.get_int(1);
    out_->ack(in);
  }
  void cleanup() override {
    totals_->words += words_;
    totals_->sum += sum_;
  }

 private:
  std::shared_ptr<Totals> totals_;
  OutputCollector* out_ = nullptr;
  std::int64_t words_ = 0, sum_ = 0;
};

struct Expected {
  std::int64_t words = 0, sum = 0;
};

/// Words and the sum of every emitted count (a word seen m times adds m (m + 1) / 2).
Expected expected(std::int64_t line_count) {
  std::unordered_map<std::string, std::int64_t> counts;
  Expected e;
  for (std::int64_t i = 0; i < line_count; ++i) {
    std::string_view s = lines()[static_cast<std::size_t>(i) % lines().size()];
    for (std::size_t start = 0; start < s.size();) {
      auto end = std::min(s.find(' ', start), s.size());
      e.sum += ++counts[std::string(s.substr(start, end - start))];
      ++e.words;
      start = end + 1;
    }
  }
  return e;
}

/// Words/s of one run; 0 when the sink's words or sum differ from `want` (said on stderr).
double run(std::int64_t line_count, bool acking, bool chained, const Expected& want) {
  auto totals = std::make_shared<Totals>();
  TopologyBuilder b;
  b.set_spout("lines", [=] { return std::make_unique<LineSpout>(line_count, acking); });
  b.set_bolt("split", [] { return std::make_unique<SplitBolt>(); }).shuffle_grouping("lines");
  b.set_bolt("count", [] { return std::make_unique<CountBolt>(); }).fields_grouping("split", {"word"});
  b.set_bolt("sink", [totals] { return std::make_unique<CheckSink>(totals); }).shuffle_grouping("count");
  Config c;
  c.set(config_keys::kAckerExecutors, acking ? 1 : 0);
  c.set(config_keys::kProgressIntervalSecs, 0);
  c.set(config_keys::kChaining, chained);
  auto [secs, metrics] = bench::run_to_completion(b, c);
  if (totals->words != want.words || totals->sum != want.sum) {
    std::fprintf(stderr, "word count: the sink saw %lld words summing %lld; expected %lld and %lld\n",
                 static_cast<long long>(totals->words.load()), static_cast<long long>(totals->sum.load()),
                 static_cast<long long>(want.words), static_cast<long long>(want.sum));
    return 0;
  }
  return static_cast<double>(want.words) / secs;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::int64_t line_count = argc > 2 ? std::max(1LL, std::atoll(argv[2])) : 300'000;
  spdlog::set_level(spdlog::level::warn);
  auto want = expected(line_count);
  if (argc > 3) {  // one configuration, one line per run (scripts/peer-compare)
    bool acking = std::string(argv[3]) == "on";
    bool chained = argc <= 4 || std::string(argv[4]) != "unchained";
    for (int r = 0; r < runs; ++r) {
      std::printf("%.0f\n", run(line_count, acking, chained, want));
      std::fflush(stdout);
    }
    std::fprintf(stderr, "peak_rss_mib %.1f\n", bench::peak_rss_mib());
    return 0;
  }
  std::vector<double> off, on, off_unchained, on_unchained;
  for (int r = 0; r < runs; ++r) {
    off.push_back(run(line_count, false, true, want));
    on.push_back(run(line_count, true, true, want));
    off_unchained.push_back(run(line_count, false, false, want));
    on_unchained.push_back(run(line_count, true, false, want));
  }
  nlohmann::json out{
      {"benchmark", "word_count"},
      {"shape", "lines -> split -> count (fields grouping, rolling count) -> sink, 1 executor each; chained: "
                "lines+split on one thread, count+sink on another (squall.topology.chaining)"},
      {"runs", runs},
      {"lines", line_count},
      {"words", want.words},
      {"hardware_threads", std::thread::hardware_concurrency()},
      {"acking_off_words_per_sec", median(off)},
      {"acking_on_words_per_sec", median(on)},
      {"acking_on_vs_off", median(on) / median(off)},
      {"unchained_acking_off_words_per_sec", median(off_unchained)},
      {"unchained_acking_on_words_per_sec", median(on_unchained)},
      {"peer", "scripts/peer-compare runs WindFlow's wc beside this, alternating, and prints the ratios"},
      {"peak_rss_mib", bench::peak_rss_mib()},
      {"all_runs",
       {{"acking_off", off}, {"acking_on", on}, {"unchained_acking_off", off_unchained}, {"unchained_acking_on", on_unchained}}}};
  std::printf("%s\n", out.dump(2).c_str());
}
