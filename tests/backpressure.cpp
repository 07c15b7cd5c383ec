// A deliberately slow bolt must make its producers wait: tuples in flight stay bounded by the
// transport's queues, with acking off and on, and with no max spout pending.
#include <doctest/doctest.h>

#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

class SlowSink : public BasicBolt {
 public:
  SlowSink(std::shared_ptr<SinkLog> log, std::chrono::microseconds cost) : log_(std::move(log)), cost_(cost) {}
  void execute(const Tuple&, BasicOutputCollector&) override {
    auto until = std::chrono::steady_clock::now() + cost_;
    while (std::chrono::steady_clock::now() < until) {
    }
    ++log_->executed;
  }

 private:
  std::shared_ptr<SinkLog> log_;
  std::chrono::microseconds cost_;
};

/// The peak of tuples in flight, and the final metrics, once the slow sink has done `tuples`
/// tuples at `cost` each.
std::pair<std::int64_t, MetricsSnapshot> max_in_flight(bool acking, std::int64_t tuples = 20000,
                                                       std::chrono::microseconds cost = std::chrono::microseconds(20)) {
  auto log = std::make_shared<SpoutLog>();
  auto sink = std::make_shared<SinkLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log, acking] { return std::make_unique<CountingSpout>(log, 1'000'000'000, acking); });
  b.set_bolt("pass", [] { return std::make_unique<PassBolt>(); }).shuffle_grouping("spout");
  b.set_bolt("slow", [sink, cost] { return std::make_unique<SlowSink>(sink, cost); }).shuffle_grouping("pass");
  Config c;
  c.set(config_keys::kAckerExecutors, acking ? 1 : 0);
  c.set(config_keys::kProducerBatchSize, 10);
  c.set(config_keys::kExecutorReceiveBatches, 4);
  c.set(config_keys::kChaining, false);  // the queues under test: chained, the bolts would be called
  c.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("bp", c, b.create_topology());
  std::int64_t peak = 0;
  // Sample until the slow sink is done (20,000 tuples: ~0.4 s); an unthrottled spout alone emits
  // millions in that time.
  REQUIRE(eventually([&] {
    peak = std::max(peak, log->emitted.load() - sink->executed.load());
    return sink->executed >= tuples;
  }, std::chrono::seconds(120)));
  auto metrics = cluster.kill_topology("bp");
  MESSAGE("peak tuples in flight: " << peak << std::string(acking ? " (acking on)" : " (acking off)"));
  return {peak, metrics};
}

}  // namespace

// Per link: the sender's and the receiver's high-water marks (4 + 4 batches of 10), one batch
// being filled and one being executed: 100 tuples; two links.
TEST_CASE("backpressure bounds tuples in flight with acking off") { CHECK(max_in_flight(false).first <= 300); }
TEST_CASE("backpressure bounds tuples in flight with acking on") { CHECK(max_in_flight(true).first <= 300); }

TEST_CASE("the time producers wait on a slow bolt is reported as backpressure") {
  // 2,000 tuples at 500 us: the sink works 1 s or more. "pass" feeds it and spends most of that
  // waiting, even when a sanitizer makes the pass bolt itself 10 times slower.
  auto metrics = max_in_flight(false, 2000, std::chrono::microseconds(500)).second;
  REQUIRE(metrics.component("pass"));
  CHECK(metrics.component("pass")->backpressure_secs > 0.1);
  CHECK(metrics.component("slow")->backpressure_secs == 0);  // it sends nothing
}
