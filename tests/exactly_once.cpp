// Exactly-once state: when every spout is a ReplayableSpout, a failure (a failed checkpoint, a
// failed or timed-out tuple) rolls every task back to the last checkpoint and rewinds every spout
// to the position saved with it, so the stored counts equal a brute-force count exactly; with a
// spout that cannot rewind, the state stays at-least-once and the submit says so.

#include <doctest/doctest.h>

#include <spdlog/sinks/base_sink.h>

#include "squall/api/state/replayable_spout.hpp"
#include "squall/api/state/stateful_bolt.hpp"
#include "squall/state/checkpointed_state.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/test_components.hpp"
#include "support/files.hpp"

using namespace squall;
using namespace test;

namespace {

/// Emits words "w0".."w<distinct - 1>" in turn, `count` tuples; its position is the next index.
class RewindingWordSpout : public ReplayableSpout {
 public:
  RewindingWordSpout(std::shared_ptr<SpoutLog> log, std::int64_t count, int distinct)
      : log_(std::move(log)), count_(count), distinct_(distinct) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    if (next_ >= count_) return;
    ++log_->emitted;
    out_->emit({"w" + std::to_string(next_ % distinct_)}, MessageId(next_));
    ++next_;
  }
  void ack(const MessageId& id) override {
    std::lock_guard l(log_->mutex);
    ++log_->acks[id.as_int()];
  }
  void fail(const MessageId& id, const FailureReason&) override {
    std::lock_guard l(log_->mutex);
    ++log_->fails[id.as_int()];
  }
  bool exhausted() const override { return next_ >= count_; }
  Value position() const override { return next_; }
  void rewind(const Value& position) override {
    next_ = position.is_nil() ? 0 : position.as_int();
    ++rewinds;
  }
  static inline std::atomic<int> rewinds{0};

 private:
  std::shared_ptr<SpoutLog> log_;
  std::int64_t count_, next_ = 0;
  int distinct_;
  SpoutOutputCollector* out_ = nullptr;
};

/// Fails tuples whose word is `poison` once, the `every`-th time it sees one.
class FailSomeOnce : public Bolt {
 public:
  explicit FailSomeOnce(int every) : every_(every) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    if (++seen_ % every_ == 0 && failures_ < 3) {
      ++failures_;
      return out_->fail(in);
    }
    out_->emit(in, {in.get_string(0)});
    out_->ack(in);
  }

 private:
  int every_;
  int seen_ = 0, failures_ = 0;
  OutputCollector* out_ = nullptr;
};

struct CounterLog {
  std::atomic<int> rollbacks{0}, commits{0};
  std::atomic<std::int64_t> fail_prepare_of{-1};
};

class Counter : public StatefulBolt {
 public:
  explicit Counter(std::shared_ptr<CounterLog> log) : log_(std::move(log)) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void init_state(KeyValueState& state) override { counts_ = &state; }
  void execute(const Tuple& in) override {
    auto count = counts_->get(in.get_string(0), std::int64_t{0}).as_int() + 1;
    counts_->put(in.get_string(0), count);
    out_->emit(in, {in.get_string(0), count});
    out_->ack(in);
  }
  void pre_prepare(std::int64_t txid) override {
    auto expected = txid;
    if (log_->fail_prepare_of.compare_exchange_strong(expected, -1)) throw std::runtime_error("injected");
  }
  void pre_commit(std::int64_t) override { ++log_->commits; }
  void pre_rollback() override { ++log_->rollbacks; }

 private:
  std::shared_ptr<CounterLog> log_;
  OutputCollector* out_ = nullptr;
  KeyValueState* counts_ = nullptr;
};

std::map<std::string, std::int64_t> truth(std::int64_t tuples, int distinct) {
  std::map<std::string, std::int64_t> counts;
  for (std::int64_t i = 0; i < tuples; ++i) ++counts["w" + std::to_string(i % distinct)];
  return counts;
}

std::map<std::string, std::int64_t> stored(const nlohmann::json& settings, const std::string& topology,
                                           std::vector<int> tasks) {
  std::map<std::string, std::int64_t> all;
  for (int task : tasks) {
    state::CheckpointedState s(std::make_unique<stores::RocksDbBackend>(settings, state::StateScope{topology, "count", task}));
    s.for_each([&](const Value& k, const Value& v) { all[k.as_string()] += v.as_int(); });
  }
  return all;
}

/// Keeps the log lines that mention the state's guarantee.
class GuaranteeSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> lines;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string text(msg.payload.data(), msg.payload.size());
    if (text.find("-once") != std::string::npos) lines.push_back(text);
  }
  void flush_() override {}
};

}  // namespace

TEST_CASE("replayable spouts: failures roll every task back and rewind, and the stored counts are exact") {
  TempDir dir;
  nlohmann::json settings{{"dir", (dir.path() / "state").string()}};
  auto spout_log = std::make_shared<SpoutLog>();
  auto counter_log = std::make_shared<CounterLog>();
  counter_log->fail_prepare_of = 4;
  RewindingWordSpout::rewinds = 0;
  TopologyBuilder b;
  b.set_spout("words", [=] { return std::make_unique<RewindingWordSpout>(spout_log, 20000, 10); });
  b.set_bolt("flaky", [] { return std::make_unique<FailSomeOnce>(3001); }).shuffle_grouping("words");
  b.set_bolt("count", [=] { return std::make_unique<Counter>(counter_log); }, 2).fields_grouping("flaky", {"word"});
  Config c;
  c.set(config_keys::kCheckpointIntervalMs, 20);
  c.set(config_keys::kMaxSpoutPending, 500);
  c.set(config_keys::kStateProvider, std::string("rocksdb"));
  c.set(config_keys::kStateProviderConfig, settings.dump());
  bool completed = false;
  run_until_complete(b, c, std::chrono::seconds(120), &completed);
  REQUIRE(completed);
  CHECK(counter_log->rollbacks >= 2);           // the failed PREPARE, and the failed tuples
  CHECK(RewindingWordSpout::rewinds >= 2);      // INITSTATE, then at each rollback
  CHECK(spout_log->total_fails() == 0);         // repaired by rewinding, never by replaying an id
  auto counts = stored(settings, "test", {3, 4});
  for (const auto& [w, n] : counts) CAPTURE(w + "=" + std::to_string(n));
  INFO("rollbacks " << counter_log->rollbacks << ", rewinds " << RewindingWordSpout::rewinds << ", commits "
                    << counter_log->commits << ", stored " << counts.size() << " words, w0=" << counts["w0"]);
  CHECK(counts == truth(20000, 10));  // tasks: words 1, flaky 2, count 3-4
}

TEST_CASE("the submit says whether state is exactly-once or at-least-once, and why") {
  auto sink = std::make_shared<GuaranteeSink>();
  spdlog::default_logger()->sinks().push_back(sink);
  auto spout_log = std::make_shared<SpoutLog>();
  auto counter_log = std::make_shared<CounterLog>();
  for (bool replayable : {true, false}) {
    TopologyBuilder b;
    if (replayable)
      b.set_spout("words", [=] { return std::make_unique<RewindingWordSpout>(spout_log, 10, 2); });
    else
      b.set_spout("words", [=] { return std::make_unique<CountingSpout>(spout_log, 10); });
    b.set_bolt("count", [=] { return std::make_unique<Counter>(counter_log); }).shuffle_grouping("words");
    Config c;
    c.set(config_keys::kCheckpointIntervalMs, 20);
    LocalCluster cluster;
    cluster.submit_topology(replayable ? "exact" : "loose", c, b.create_topology());
    cluster.kill_topology(replayable ? "exact" : "loose");
  }
  spdlog::default_logger()->sinks().pop_back();
  REQUIRE(sink->lines.size() >= 2);
  CHECK(sink->lines[0].find("[exact] state is exactly-once") != std::string::npos);
  CHECK(sink->lines[1].find("[loose] state is at-least-once") != std::string::npos);
  CHECK(sink->lines[1].find("words") != std::string::npos);  // names the spout that cannot rewind
}
