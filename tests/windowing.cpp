// The window engine without a topology: window boundaries, count windows, tumbling vs sliding,
// new/expired lists, the watermark following the slowest input, and the limits check.
#include <vector>

#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "squall/api/topology_builder.hpp"
#include "squall/windowing/watermark_tracker.hpp"
#include "squall/windowing/window_manager.hpp"
#include "squall/windowing/window_validation.hpp"
#include "support/tuples.hpp"

using namespace squall;

namespace {

Tuple event(std::int64_t id) { return test::make_tuple({id}, Fields{"id"}); }

std::vector<std::int64_t> ids(const std::vector<Tuple>& tuples) {
  std::vector<std::int64_t> out;
  for (const auto& t : tuples) out.push_back(t.get_int(0));
  return out;
}

struct Evaluation {
  std::int64_t start, end;
  std::vector<std::int64_t> all, fresh, expired;
};

struct Recorder {
  std::vector<Evaluation> seen;
  WindowManager::Listener listener() {
    return [this](TupleWindow& w) { seen.push_back({w.start_ms, w.end_ms, ids(w.get()), ids(w.get_new()), ids(w.get_expired())}); };
  }
};

using V = std::vector<std::int64_t>;

}  // namespace

TEST_CASE("time windows end at multiples of the slide and hold [end - length, end)") {
  WindowManager m(WindowSpec::sliding(Duration(10), Duration(5)));
  Recorder r;
  auto l = r.listener();
  for (std::int64_t t : {1, 4, 5, 9, 12, 20}) m.add(event(t), t, l);  // id = time
  m.advance_to(14, l);
  REQUIRE(r.seen.size() == 2);
  CHECK(r.seen[0].start == -5);
  CHECK(r.seen[0].end == 5);
  CHECK(r.seen[0].all == V{1, 4});
  CHECK(r.seen[1].end == 10);
  CHECK(r.seen[1].all == V{1, 4, 5, 9});
  CHECK(r.seen[1].fresh == V{5, 9});
  CHECK(r.seen[1].expired.empty());
  m.advance_to(15, l);
  REQUIRE(r.seen.size() == 3);
  CHECK(r.seen[2].all == V{5, 9, 12});
  CHECK(r.seen[2].expired == V{1, 4});
  // [10, 20) holds 12; [15, 25) and [20, 30) hold 20.
  m.advance_to(30, l);
  REQUIRE(r.seen.size() == 6);
  CHECK(r.seen[3].all == V{12});
  CHECK(r.seen[4].all == V{20});
  CHECK(r.seen[4].expired == V{12});
  CHECK(r.seen[5].all == V{20});
  CHECK(r.seen[5].expired.empty());
  m.advance_to(100, l);  // 20 left after [20, 30): released at once; empty windows are skipped
  CHECK(r.seen.size() == 6);
  CHECK(m.size() == 0);
}

TEST_CASE("a tumbling window sees each tuple once; windows holding nothing are skipped") {
  WindowManager m(WindowSpec::tumbling(Duration(10)));
  Recorder r;
  auto l = r.listener();
  for (std::int64_t t : {3, 7, 15, 42}) m.add(event(t), t, l);
  m.advance_to(50, l);
  REQUIRE(r.seen.size() == 3);
  CHECK(r.seen[0].all == V{3, 7});
  CHECK(r.seen[1].all == V{15});
  CHECK(r.seen[1].expired == V{3, 7});
  CHECK(r.seen[2].start == 40);  // [20, 30) and [30, 40) hold nothing: skipped
  CHECK(r.seen[2].all == V{42});
  CHECK(r.seen[2].expired == V{15});
}

TEST_CASE("a tuple is released for acking right after the last window that holds it") {
  std::vector<std::int64_t> released;
  WindowManager m(WindowSpec::sliding(Duration(10), Duration(5)), [&](const Tuple& t) { released.push_back(t.get_int(0)); });
  Recorder r;
  auto l = r.listener();
  for (std::int64_t t : {1, 6, 12}) m.add(event(t), t, l);
  m.advance_to(5, l);  // [-5, 5): 1 is still in [0, 10)
  CHECK(released.empty());
  m.advance_to(10, l);  // [0, 10) was 1's last window
  CHECK(released == V{1});
  m.advance_to(15, l);  // [5, 15) was 6's last
  CHECK(released == V{1, 6});
}

TEST_CASE("event time: out-of-order tuples land in the window of their timestamp") {
  WindowManager m(WindowSpec::tumbling(Duration(10)).with_timestamp_field("ts"));
  Recorder r;
  auto l = r.listener();
  for (std::int64_t t : {12, 3, 18, 9, 11, 0}) m.add(event(t), t, l);
  m.advance_to(20, l);
  REQUIRE(r.seen.size() == 2);
  CHECK(r.seen[0].all == V{0, 3, 9});
  CHECK(r.seen[1].all == V{11, 12, 18});
}

TEST_CASE("count windows: sliding and tumbling") {
  SUBCASE("sliding: the last 4 tuples every 2") {
    WindowManager m(WindowSpec::sliding(Count{4}, Count{2}));
    Recorder r;
    auto l = r.listener();
    for (std::int64_t i = 1; i <= 7; ++i) m.add(event(i), 1000 + i, l);
    REQUIRE(r.seen.size() == 3);
    CHECK(r.seen[0].all == V{1, 2});
    CHECK(r.seen[1].all == V{1, 2, 3, 4});
    CHECK(r.seen[2].all == V{3, 4, 5, 6});
    CHECK(r.seen[2].fresh == V{5, 6});
    CHECK(r.seen[2].expired == V{1, 2});
    CHECK(m.size() == 3);  // 5, 6 and 7; 3 and 4 were released: the next window is 5..8
  }
  SUBCASE("tumbling: 3 at a time, each tuple once") {
    WindowManager m(WindowSpec::tumbling(Count{3}));
    Recorder r;
    auto l = r.listener();
    for (std::int64_t i = 1; i <= 9; ++i) m.add(event(i), i, l);
    REQUIRE(r.seen.size() == 3);
    CHECK(r.seen[1].all == V{4, 5, 6});
    CHECK(r.seen[1].expired == V{1, 2, 3});
    CHECK(r.seen[2].all == V{7, 8, 9});
  }
}

TEST_CASE("mixed windows: count length with a time slide, time length with a count slide") {
  SUBCASE("the last 2 tuples every 10 ms") {
    WindowManager m(WindowSpec::sliding(Count{2}, Duration(10)));
    Recorder r;
    auto l = r.listener();
    for (std::int64_t t : {1, 2, 3, 4, 15}) m.add(event(t), t, l);
    m.advance_to(20, l);
    REQUIRE(r.seen.size() == 2);
    CHECK(r.seen[0].all == V{3, 4});
    CHECK(r.seen[0].expired == V{1, 2});
    CHECK(r.seen[1].all == V{4, 15});
  }
  SUBCASE("the last 10 ms every 2 tuples") {
    WindowManager m(WindowSpec::sliding(Duration(10), Count{2}));
    Recorder r;
    auto l = r.listener();
    for (std::int64_t t : {1, 5, 12, 14}) m.add(event(t), t, l);
    REQUIRE(r.seen.size() == 2);
    CHECK(r.seen[0].all == V{1, 5});
    CHECK(r.seen[1].end == 15);
    CHECK(r.seen[1].all == V{5, 12, 14});
    CHECK(r.seen[1].expired == V{1});
  }
}

TEST_CASE("the watermark follows the slowest input minus the lag, and never goes back") {
  WatermarkTracker w({{"a", "default"}, {"b", "default"}}, 5);
  CHECK(w.track("a", "default", 100));
  CHECK_FALSE(w.advance());  // b has not spoken: no watermark yet
  CHECK(w.watermark() == WatermarkTracker::kNone);
  CHECK(w.track("b", "default", 40));
  CHECK(w.advance());
  CHECK(w.watermark() == 35);  // held back by b
  CHECK(w.track("a", "default", 200));
  CHECK_FALSE(w.advance());
  CHECK(w.track("b", "default", 90));
  CHECK(w.advance());
  CHECK(w.watermark() == 85);
  CHECK_FALSE(w.track("a", "default", 84));  // late: its windows ended at or before 85
  CHECK(w.is_late(84));
  CHECK(w.track("b", "default", 85));
  CHECK(w.track("b", "default", 10'000));
  CHECK(w.advance());
  CHECK(w.watermark() == 195);  // now a is the slowest
}

TEST_CASE("window specs read and write Storm's config keys, and bad ones are explained") {
  auto spec = WindowSpec::sliding(Duration(300'000), Duration(1'000)).with_timestamp_field("ts").with_lag(Duration(5'000));
  auto back = WindowSpec::from_config(spec.to_config());
  CHECK(back.length == spec.length);
  CHECK(back.slide == spec.slide);
  CHECK(back.timestamp_field == "ts");
  CHECK(back.max_lag == Duration(5'000));
  CHECK(back.to_string() == "sliding window of 300000 ms every 1000 ms on event time (field ts, lag 5000 ms)");
  CHECK(WindowSpec::from_config(WindowSpec::tumbling(Count{7}).to_config()).tumbling_window());

  Config both;
  both.set(config_keys::kWindowLengthCount, 5).set(config_keys::kWindowLengthDurationMs, 5);
  CHECK_THROWS_WITH_AS(WindowSpec::from_config(both),
                       "window: set topology.bolts.window.length.count or topology.bolts.window.length.duration.ms, not both",
                       TopologyError);
  Config event_count;
  event_count.set(config_keys::kWindowLengthCount, 5)
      .set(config_keys::kSlidingIntervalCount, 1)
      .set(config_keys::kTupleTimestampField, "ts");
  CHECK_THROWS_AS(WindowSpec::from_config(event_count), TopologyError);
}

namespace {
class NullBolt : public Bolt {
 public:
  void prepare(const TopologyContext&, OutputCollector&) override {}
  void execute(const Tuple&) override {}
};
class NullSpout : public Spout {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id"}); }
  void open(const TopologyContext&, SpoutOutputCollector&) override {}
  void next_tuple() override {}
};
Topology windowed(const WindowSpec& spec) {
  TopologyBuilder b;
  b.set_spout("s", [] { return std::make_unique<NullSpout>(); });
  auto bolt = b.set_bolt("w", [] { return std::make_unique<NullBolt>(); }).shuffle_grouping("s");
  Config window = spec.to_config();
  for (const auto& [k, v] : window.entries()) bolt.add_configuration(k, v);
  return b.create_topology();
}
}  // namespace

TEST_CASE("a window that cannot fit the message timeout or max spout pending is rejected") {
  Config config;
  config.set(config_keys::kMessageTimeoutSecs, 30);
  CHECK_NOTHROW(validate_windows(windowed(WindowSpec::sliding(Duration(20'000), Duration(1'000))), config));
  CHECK_THROWS_WITH_AS(
      validate_windows(windowed(WindowSpec::sliding(Duration(30'000), Duration(1'000))), config),
      "the topology's windows do not fit its limits:\n  - bolt 'w': its sliding window of 30000 ms every 1000 ms on "
      "processing time holds a tuple up to 31000 ms (length + slide), more than topology.message.timeout.secs = 30 s; "
      "raise topology.message.timeout.secs above 31 or shorten the window",
      TopologyError);
  config.set(config_keys::kMaxSpoutPending, 100);
  CHECK_NOTHROW(validate_windows(windowed(WindowSpec::sliding(Count{90}, Count{10})), config));
  CHECK_THROWS_WITH_AS(validate_windows(windowed(WindowSpec::sliding(Count{95}, Count{10})), config),
                       doctest::Contains("needs 105 tuples un-acked at once (length + slide), more than "
                                         "topology.max.spout.pending = 100"),
                       TopologyError);
  config.set(config_keys::kAckerExecutors, 0);  // nothing waits for acks
  CHECK_NOTHROW(validate_windows(windowed(WindowSpec::sliding(Count{95}, Count{10})), config));
}
