// Windows in running topologies: event time with late tuples, acking on expiry, replays after
// failures upstream and downstream, and the windowing examples from topologies/.
#include <algorithm>
#include <map>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/catalogue/bolts/aggregation/aggregation_bolt.hpp"
#include "squall/catalogue/spouts/synthetic/tweet_spout.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/windowing/windowed_bolt.hpp"
#include "support/capture_bolt.hpp"
#include "support/example_topologies.hpp"
#include "support/files.hpp"
#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

// Emits (id, ts) for ids [0, count) with ts = id, then, once `release` is set, one late tuple
// (id = count, ts = 0). Reliable; replays failures.
class EventSpout : public Spout {
 public:
  EventSpout(std::shared_ptr<SpoutLog> log, std::int64_t count, std::shared_ptr<std::atomic<bool>> release)
      : log_(std::move(log)), count_(count), release_(std::move(release)) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "ts"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    std::int64_t id;
    if (!replay_.empty()) {
      id = replay_.back();
      replay_.pop_back();
    } else if (next_ < count_) {
      id = next_++;
    } else if (next_ == count_ && release_->load()) {
      id = next_++;
    } else {
      return;
    }
    out_->emit({id, id == count_ ? std::int64_t{0} : id}, MessageId(id));
  }
  void ack(const MessageId& id) override {
    std::lock_guard l(log_->mutex);
    ++log_->acks[id.as_int()];
  }
  void fail(const MessageId& id) override {
    replay_.push_back(id.as_int());
    std::lock_guard l(log_->mutex);
    ++log_->fails[id.as_int()];
  }
  bool exhausted() const override { return next_ > count_ && replay_.empty(); }

 private:
  std::shared_ptr<SpoutLog> log_;
  std::int64_t count_, next_ = 0;
  std::shared_ptr<std::atomic<bool>> release_;
  std::vector<std::int64_t> replay_;
  SpoutOutputCollector* out_ = nullptr;
};

// Sums the ids of each tumbling 100 ms event-time window; emits (start, end, count, sum).
class WindowSum : public WindowedBolt {
 public:
  WindowSum()
      : WindowedBolt(WindowSpec::tumbling(Duration(100)).with_timestamp_field("ts").with_watermark_interval(Duration(5))) {}
  void declare_window_outputs(OutputFieldsDeclarer& d) const override { d.declare({"start", "end", "count", "sum"}); }
  void prepare(const TopologyContext&, WindowCollector& c) override { out_ = &c; }
  void execute(const TupleWindow& w) override {
    std::int64_t sum = 0;
    for (const auto& t : w.get()) sum += t.get_int("id");
    out_->emit({w.start_ms, w.end_ms, static_cast<std::int64_t>(w.get().size()), sum});
  }

 private:
  WindowCollector* out_ = nullptr;
};

}  // namespace

TEST_CASE("event time: each window sums its tuples once, a tuple behind the watermark goes to the late stream, all acked") {
  auto log = std::make_shared<SpoutLog>();
  auto capture = std::make_shared<CaptureLog>();
  auto release = std::make_shared<std::atomic<bool>>(false);
  const std::int64_t n = 1000;  // ts 0..999: windows [0,100) .. [900,1000)
  TopologyBuilder b;
  b.set_spout("events", [=] { return std::make_unique<EventSpout>(log, n, release); });
  b.set_bolt("sum", [] { return std::make_unique<WindowSum>(); }).global_grouping("events");
  b.set_bolt("capture", [=] { return std::make_unique<CaptureBolt>(capture); })
      .global_grouping("sum")
      .global_grouping("sum", "late");
  Config config;
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("t", config, b.create_topology());
  // Windows up to [800, 900) close once the watermark passes 900 (ts 999 seen, lag 0).
  REQUIRE(eventually([&] { return capture->on("default").size() >= 9; }));
  release->store(true);  // now ts 0 is far behind the watermark
  REQUIRE(eventually([&] { return capture->on("late").size() == 1; }));
  // [900, 1000) never closes (no later timestamp), so its tuples stay un-acked: windows hold
  // tuples until they expire.
  CHECK(eventually([&] { return log->distinct_acked() == 901; }));
  cluster.kill_topology("t");

  auto windows = capture->on("default");
  REQUIRE(windows.size() == 9);
  for (std::size_t i = 0; i < windows.size(); ++i) {
    auto start = static_cast<std::int64_t>(i) * 100;
    CHECK(windows[i].get("start").as_int() == start);
    CHECK(windows[i].get("count").as_int() == 100);
    CHECK(windows[i].get("sum").as_int() == 100 * start + 4950);  // start + (start+1) + ... + (start+99)
  }
  auto late = capture->on("late")[0];
  CHECK(late.get("timestamp").as_int() == 0);
  CHECK(late.get("watermark").as_int() >= 900);
  CHECK(late.get("values").as_string() == "[1000,0]");
  for (std::int64_t id = 0; id < 900; ++id) CHECK(log->ack_count(id) == 1);
  CHECK(log->ack_count(n) == 1);  // the late tuple is acked
  CHECK(log->ack_count(950) == 0);
}

namespace {

// Fails each id divisible by 7 the first time.
class FailSevenths : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "key"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    auto id = in.get_int("id");
    if (id % 7 == 0 && seen_.insert(id).second) return out_->fail(in);
    out_->emit(in, {id, "k" + std::to_string(id % 5)});
    out_->ack(in);
  }

 private:
  std::set<std::int64_t> seen_;
  OutputCollector* out_ = nullptr;
};

// Fails the first `n` inputs, captures the rest.
class FailFirst : public Bolt {
 public:
  FailFirst(int n, std::shared_ptr<CaptureLog> log) : n_(n), log_(std::move(log)) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    if (n_-- > 0) return out_->fail(in);
    {
      std::lock_guard l(log_->mutex);
      log_->tuples.push_back({in.source_stream(), in.fields(), in.values()});
    }
    out_->ack(in);
  }

 private:
  int n_;
  std::shared_ptr<CaptureLog> log_;
  OutputCollector* out_ = nullptr;
};

std::unique_ptr<Bolt> window_bolt(const std::string& unit, std::int64_t length, std::int64_t slide) {
  nlohmann::json s = {{"group.by", {"key"}}, {"aggregates", {"count"}}, {"window.length." + unit, length},
                      {"window.slide." + unit, slide}};
  return std::make_unique<bolts::AggregationBolt>(ComponentSettings(s));
}

std::int64_t total_count(const std::vector<Captured>& rows) {
  std::int64_t total = 0;
  for (const auto& r : rows) total += r.get("count").as_int();
  return total;
}

}  // namespace

TEST_CASE("aggregation acks window tuples on expiry; upstream failures replay and the counts stay exact") {
  auto log = std::make_shared<SpoutLog>();
  auto capture = std::make_shared<CaptureLog>();
  const std::int64_t n = 2000;
  TopologyBuilder b;
  b.set_spout("ids", [=] { return std::make_unique<CountingSpout>(log, n); });
  b.set_bolt("flaky", [] { return std::make_unique<FailSevenths>(); }).shuffle_grouping("ids");
  b.set_bolt("agg", [] { return window_bolt("count", 100, 100); }).global_grouping("flaky");
  b.set_bolt("capture", [=] { return std::make_unique<CaptureBolt>(capture); }).global_grouping("agg");
  Config config;
  config.set(config_keys::kMaxSpoutPending, 500);
  bool completed = false;
  run_until_complete(b, config, std::chrono::seconds(60), &completed);
  CHECK(completed);
  // Tumbling windows of 100 tuples: 20 windows; every id counted exactly once (the failed ones
  // never reached the window, their replays did).
  CHECK(total_count(capture->on("default")) == n);
  CHECK(log->distinct_acked() == static_cast<std::size_t>(n));
  CHECK(log->total_fails() == static_cast<std::size_t>((n + 6) / 7));
  for (std::int64_t id = 0; id < n; ++id) CHECK(log->ack_count(id) == 1);
}

TEST_CASE("a failed window result replays the tuples it is anchored to; the delivered counts still add up") {
  auto log = std::make_shared<SpoutLog>();
  auto capture = std::make_shared<CaptureLog>();
  const std::int64_t n = 1000;
  TopologyBuilder b;
  b.set_spout("ids", [=] { return std::make_unique<CountingSpout>(log, n); });
  b.set_bolt("keyed", [] { return std::make_unique<FailSevenths>(); }).shuffle_grouping("ids");
  b.set_bolt("agg", [] { return window_bolt("ms", 50, 50); }).global_grouping("keyed");
  b.set_bolt("sink", [=] { return std::make_unique<FailFirst>(3, capture); }).global_grouping("agg");
  bool completed = false;
  run_until_complete(b, Config{}, std::chrono::seconds(60), &completed);
  CHECK(completed);
  CHECK(log->distinct_acked() == static_cast<std::size_t>(n));
  // A tumbling window's row is anchored to all its key's tuples: the three failed rows replayed
  // exactly the tuples they counted, which were counted again in later windows.
  CHECK(total_count(capture->on("default")) == n);
  CHECK(log->total_fails() > static_cast<std::size_t>((n + 6) / 7));
}

namespace {

}  // namespace

TEST_CASE("access-log example: per-URL counts per minute of log time, bad lines on errors, the file marked done") {
  TempDir dir;
  std::filesystem::copy(std::string(SQUALL_SOURCE_DIR) + "/examples/access_log/logs/access.log", dir.path() / "access.log");
  auto out = dir.path() / "counts.jsonl";
  REQUIRE(run_loaded(load_example("access_log_url_counts.yaml", {{"log.dir", dir.path().string()}, {"output", out.string()}}),
                     std::chrono::seconds(60)));
  auto rows = json_lines(out);
  std::int64_t total = 0;
  std::set<std::int64_t> minutes;
  for (const auto& r : rows) {
    total += r["count"].get<std::int64_t>();
    minutes.insert(r["window_start"].get<std::int64_t>());
    CHECK(r["window_end"].get<std::int64_t>() - r["window_start"].get<std::int64_t>() == 60000);
  }
  CHECK(total == 600);  // 602 lines, 2 malformed
  CHECK(minutes.size() == 5);
  CHECK(minutes.count(1709294400000));  // 2024-03-01 12:00 UTC
  CHECK(std::filesystem::exists(dir.path() / "access.log.done"));
  // Renamed, the file needs no record: nothing to resume, no name held back.
  auto progress = nlohmann::json::parse(read_text(dir.path() / ".squall-progress.json"));
  CHECK(progress["done"].empty());
  CHECK(progress["files"].empty());
}

TEST_CASE("trending hashtags (scaled down): each top 10 matches a brute-force count of its window") {
  TempDir dir;
  auto out = dir.path() / "top.jsonl";
  const std::int64_t tweets = 20000;  // 20 s of event time at 1000 tweets per event second
  auto loaded = load_example("trending_hashtags.yaml", {{"rate", "0"},
                                                         {"count", std::to_string(tweets)},
                                                         {"window.ms", "5000"},
                                                         {"slide.ms", "1000"},
                                                         {"lag.ms", "3000"},  // > disorder: nothing late
                                                         {"hashtag.tasks", "1"},  // one path keeps order
                                                         {"idle.ms", "300"},
                                                         {"output", out.string()}});
  REQUIRE(run_loaded(std::move(loaded), std::chrono::seconds(120)));

  ComponentSettings settings(nlohmann::json{{"tweets.per.event.second", 1000}, {"disorder.ms", 2000}, {"hashtags", 1000}});
  spouts::TweetSpout spout(settings);
  auto rows = json_lines(out);
  std::map<std::int64_t, std::vector<nlohmann::json>> by_window;
  for (const auto& r : rows) by_window[r["window_end"].get<std::int64_t>()].push_back(r);
  REQUIRE(by_window.size() >= 20);
  for (const auto& [end, top] : by_window) {
    std::map<std::string, std::int64_t> counts;
    for (std::int64_t i = 0; i < tweets; ++i) {
      auto ts = spout.timestamp_of(i);
      if (ts >= end - 5000 && ts < end)
        for (const auto& tag : spout.hashtags_of(i)) ++counts[tag];
    }
    std::vector<std::int64_t> expected;
    for (const auto& [tag, c] : counts) expected.push_back(c);
    std::sort(expected.rbegin(), expected.rend());
    expected.resize(std::min<std::size_t>(10, expected.size()));
    CAPTURE(end);
    REQUIRE(top.size() == expected.size());
    for (std::size_t i = 0; i < top.size(); ++i) {
      CHECK(top[i]["rank"].get<std::int64_t>() == static_cast<std::int64_t>(i + 1));
      CHECK(top[i]["count"].get<std::int64_t>() == expected[i]);
      CHECK(counts[top[i]["hashtag"].get<std::string>()] == expected[i]);
    }
  }
}
