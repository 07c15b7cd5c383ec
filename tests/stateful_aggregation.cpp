// AggregationBolt with `stateful: true`: its running totals, and its event-time windows, are
// checkpointed state. A run with failed tuples, killed mid-stream and run again from the same
// RocksDB state, ends with exactly the brute-force counts (the spout rewinds: exactly-once).

#include <doctest/doctest.h>

#include "squall/catalogue/bolts/aggregation/aggregation_bolt.hpp"
#include "squall/windowing/window_validation.hpp"
#include "support/files.hpp"
#include "support/state_components.hpp"

using namespace squall;
using namespace test;
using namespace std::chrono_literals;

namespace {

constexpr int kDistinct = 10;

/// Words with event times: tuple i is (word_of(i), i ms), so each event-time second holds 1,000
/// tuples; at most 20 tuples per ms of real time, so that a run can be killed mid-stream.
class TimedWordSpout : public ReplayableSpout {
 public:
  explicit TimedWordSpout(std::int64_t count) : count_(count) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word", "ts"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override {
    out_ = &c;
    start_ = std::chrono::steady_clock::now();
  }
  void next_tuple() override {
    if (next_ >= count_ || sent_ >= 20 * (std::chrono::steady_clock::now() - start_) / 1ms) return;
    ++sent_;
    out_->emit({word_of(next_, kDistinct), next_}, MessageId(next_));
    ++next_;
  }
  bool exhausted() const override { return next_ >= count_; }
  Value position() const override { return next_; }
  void rewind(const Value& position) override { next_ = position.is_nil() ? 0 : position.as_int(); }

 private:
  std::int64_t count_, next_ = 0, sent_ = 0;
  std::chrono::steady_clock::time_point start_;
  SpoutOutputCollector* out_ = nullptr;
};

struct Run {
  nlohmann::json aggregation;
  std::vector<std::string> key_fields;
  std::int64_t tuples;
  std::shared_ptr<LatestValues> latest = std::make_shared<LatestValues>();

  Topology topology() const {
    TopologyBuilder b;
    auto n = tuples;
    b.set_spout("words", [n] { return std::make_unique<TimedWordSpout>(n); });
    b.set_bolt("flaky", [] { return std::make_unique<FlakyBolt>(2503, std::vector<std::string>{"word", "ts"}); }).shuffle_grouping("words");
    auto settings = aggregation;
    b.set_bolt("counts", [settings] { return std::make_unique<bolts::AggregationBolt>(ComponentSettings(settings)); }, 2)
        .fields_grouping("flaky", {"word"});
    auto l = latest;
    auto keys = key_fields;
    b.set_bolt("latest", [l, keys] { return std::make_unique<LatestValuesBolt>(l, keys, "count"); }).global_grouping("counts");
    return b.create_topology();
  }

  /// Runs until `done` holds (then kills the run).
  void run(const std::filesystem::path& state, const std::function<bool(LocalCluster&)>& done) const {
    Config c;
    c.set(config_keys::kCheckpointIntervalMs, 50);
    c.set(config_keys::kMaxSpoutPending, 500);
    c.set(config_keys::kStateProvider, std::string("rocksdb"));
    c.set(config_keys::kStateProviderConfig, nlohmann::json{{"dir", state.string()}}.dump());
    c.set(config_keys::kProgressIntervalSecs, 0);
    LocalCluster local;
    local.submit_topology("agg", c, topology());
    CHECK(eventually([&] { return done(local); }, 90s, 10ms));
    local.kill_topology("agg");
  }
  /// Runs until `tuples` tuples have reached the counts.
  void run_until_executed(const std::filesystem::path& state, std::uint64_t tuples) const {
    run(state, [tuples](LocalCluster& local) {
      auto m = local.metrics("agg");
      const auto* counts = m.component("counts");
      return counts && counts->executed >= tuples;
    });
  }
  /// Runs until the last values emitted equal `expected`.
  void run_until_latest(const std::filesystem::path& state, const std::map<std::string, std::int64_t>& expected) const {
    run(state, [&](LocalCluster&) { return latest->snapshot() == expected; });
  }
};

}  // namespace

TEST_CASE("AggregationBolt stateful running totals: failures and a restart leave exact counts") {
  TempDir dir;
  constexpr std::int64_t kTuples = 20000;
  Run r{{{"group.by", {"word"}}, {"aggregates", {"count"}}, {"stateful", true}}, {"word"}, kTuples};
  r.run_until_executed(dir.path() / "state", kTuples / 3);
  auto expected = expected_counts(kTuples, kDistinct);
  CHECK(r.latest->snapshot() != expected);  // killed mid-stream
  r.run_until_latest(dir.path() / "state", expected);
  CHECK(r.latest->snapshot() == expected);
}

TEST_CASE("AggregationBolt stateful event-time windows: failures and a restart leave exact window counts") {
  TempDir dir;
  constexpr std::int64_t kTuples = 20000;
  Run r{{{"group.by", {"word"}},
         {"aggregates", {"count"}},
         {"stateful", true},
         {"window.length.ms", 1000},
         {"timestamp.field", "ts"},
         {"watermark.interval.ms", 20},
         {"idle.timeout.ms", 200}},
        {"window_start", "word"},
        kTuples};
  std::map<std::string, std::int64_t> expected;  // (window start, word) -> tuples
  for (std::int64_t i = 0; i < kTuples; ++i) ++expected[fmt::format("{}|{}", i / 1000 * 1000, word_of(i, kDistinct))];
  r.run_until_executed(dir.path() / "state", kTuples / 3);
  CHECK(r.latest->snapshot() != expected);  // killed mid-stream
  r.run_until_latest(dir.path() / "state", expected);
  auto got = r.latest->snapshot();
  CHECK(got.size() == expected.size());
  CHECK(got == expected);
}

TEST_CASE("a stateful window holds no tuple, so it may be longer than the message timeout") {
  auto topology = [](bool stateful) {
    TopologyBuilder b;
    b.set_spout("words", [] { return std::make_unique<TimedWordSpout>(10); });
    nlohmann::json hourly{{"group.by", {"word"}}, {"window.length.ms", 3600000}, {"timestamp.field", "ts"}, {"stateful", stateful}};
    b.set_bolt("hourly", [hourly] { return std::make_unique<bolts::AggregationBolt>(ComponentSettings(hourly)); })
        .fields_grouping("words", {"word"});
    return b.create_topology();
  };
  Config c;  // topology.message.timeout.secs: 30
  CHECK_THROWS_AS(validate_windows(topology(false), c), TopologyError);
  CHECK_NOTHROW(validate_windows(topology(true), c));
}
