// User metrics (TopologyContext::register_counter / register_gauge / register_histogram): exact
// after a finite run, in one process and merged over 2 worker processes, and shown in the summary,
// the progress line, Storm UI's REST API and /metrics. Also the last 10 errors of a component.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/web/prometheus_text.hpp"
#include "squall/web/storm_rest.hpp"
#include "support/test_components.hpp"

using namespace squall;

namespace {

/// Counts its tuples ("seen"), records their payload sizes ("payload_bytes"), keeps the last id
/// as a gauge ("last_id"), and reports an error for each id divisible by 500.
class MeteredBolt : public BasicBolt {
 public:
  void prepare(const TopologyContext& context) override {
    seen_ = &context.register_counter("seen");
    sizes_ = &context.register_histogram("payload_bytes");
    context.register_gauge("last_id", [this] { return static_cast<double>(last_id_.load()); });
    CHECK(&context.register_counter("seen") == seen_);  // the same name, the same counter
    CHECK_THROWS_AS(context.register_histogram("seen"), Error);
  }
  void execute(const Tuple& in, BasicOutputCollector& out) override {
    seen_->inc();
    sizes_->update(in.get_string("payload").size());
    last_id_ = in.get_int("id");
    if (in.get_int("id") % 500 == 0) out.report_error("id " + std::to_string(in.get_int("id")) + " is round");
  }

 private:
  MetricCounter* seen_ = nullptr;
  MetricHistogram* sizes_ = nullptr;
  std::atomic<std::int64_t> last_id_{0};
};

MetricsSnapshot run_metered(int workers, int count) {
  auto spout = std::make_shared<test::SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [=] { return std::make_unique<test::CountingSpout>(spout, count); });
  b.set_bolt("metered", [] { return std::make_unique<MeteredBolt>(); }, 2).shuffle_grouping("spout");
  Config config;
  config.set(config_keys::kProgressIntervalSecs, 0);
  config.set(config_keys::kWorkers, workers);
  LocalCluster cluster;
  cluster.submit_topology("metered", config, b.create_topology());
  REQUIRE(cluster.wait_until_complete("metered", std::chrono::seconds(120)));
  return cluster.kill_topology("metered");
}

void check_exact(const MetricsSnapshot& m, int count) {
  const TaskStats* c = m.component("metered");
  REQUIRE(c);
  REQUIRE(c->user_metric("seen"));
  CHECK(c->user_metric("seen")->kind == "counter");
  CHECK(c->user_metric("seen")->value == count);
  const UserMetric* sizes = c->user_metric("payload_bytes");
  REQUIRE(sizes);
  CHECK(sizes->kind == "histogram");
  CHECK(sizes->value == count);                 // values recorded
  CHECK(sizes->sum == doctest::Approx(32.0 * count));  // each payload is 32 bytes
  CHECK(sizes->p50 >= 32);
  CHECK(sizes->max <= 33);  // within a bucket (~6%) of 32
  double per_task = 0;
  int tasks = 0;
  for (const auto& t : m.tasks)
    if (t.component == "metered") {
      ++tasks;
      REQUIRE(t.user_metric("seen"));
      per_task += t.user_metric("seen")->value;
      CHECK(t.user_metric("last_id"));
    }
  CHECK(tasks == 2);
  CHECK(per_task == count);
  // ids 0, 500, ... each reported once: the component keeps the last 10, oldest first
  CHECK(c->errors == static_cast<std::uint64_t>((count + 499) / 500));
  REQUIRE(c->recent_errors.size() == 10);
  for (std::size_t i = 1; i < c->recent_errors.size(); ++i)
    CHECK(c->recent_errors[i - 1].unix_ms <= c->recent_errors[i].unix_ms);
  CHECK(c->last_error == c->recent_errors.back().message);
}

}  // namespace

TEST_CASE("user metrics are exact after a finite run in one process") {
  auto m = run_metered(1, 6000);
  check_exact(m, 6000);
  CHECK(m.summary_table().find("metric metered.seen: 6000") != std::string::npos);
  CHECK(m.progress_line(m).find("metered.seen=6000") != std::string::npos);
  auto component = web::storm_component(m, "metered", {});
  CHECK(component["userMetrics"]["seen"] == 6000);
  CHECK(component["componentErrors"].size() == 10);
  CHECK(component["componentErrors"][0]["error"] == m.component("metered")->recent_errors.back().message);  // newest first
  auto text = web::prometheus_text({m});
  CHECK(text.find("# TYPE squall_user_seen_total counter") != std::string::npos);
  CHECK(text.find("# TYPE squall_user_payload_bytes summary") != std::string::npos);
  CHECK(text.find("# TYPE squall_user_last_id gauge") != std::string::npos);
}

TEST_CASE("user metrics are merged over 2 worker processes") {
  auto m = run_metered(2, 6000);
  CHECK(m.workers == 2);
  check_exact(m, 6000);
}
