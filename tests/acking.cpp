// Tuple trees through a running topology: fan-out, several levels, several anchors, and a tree
// that must wait for its slowest branch.
#include <doctest/doctest.h>

#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

Config acking_config() {
  Config c;
  c.set(config_keys::kMessageTimeoutSecs, 60);
  return c;
}

// Pairs consecutive inputs and emits one tuple anchored to both (a join), then acks both.
class PairBolt : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    if (!held_.valid()) {
      held_ = in;
      return;
    }
    out_->emit(std::vector<Tuple>{held_, in}, {in.get_int("id"), "pair"});
    out_->ack(held_);
    out_->ack(in);
    held_ = Tuple();
  }

 private:
  OutputCollector* out_ = nullptr;
  Tuple held_;
};

// Acks at once on every task except the one with index 1, which holds its inputs until released.
struct Gate {
  std::atomic<bool> open{false};
  std::atomic<int> held{0};
};
class HoldingBolt : public Bolt {
 public:
  explicit HoldingBolt(std::shared_ptr<Gate> gate) : gate_(std::move(gate)) {}
  void prepare(const TopologyContext& ctx, OutputCollector& c) override {
    out_ = &c;
    holder_ = ctx.task_index() == 1;
  }
  void execute(const Tuple& in) override {
    if (!in.is_tick()) {
      if (!holder_) return out_->ack(in);
      held_.push_back(in);
      ++gate_->held;
    }
    if (gate_->open) {
      for (auto& t : held_) out_->ack(t);
      held_.clear();
    }
  }

 private:
  std::shared_ptr<Gate> gate_;
  OutputCollector* out_ = nullptr;
  bool holder_ = false;
  std::vector<Tuple> held_;
};

}  // namespace

TEST_CASE("fan-out over several levels completes every tree once") {
  auto log = std::make_shared<SpoutLog>();
  auto sink = std::make_shared<SinkLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 2000); });
  b.set_bolt("fan3", [] { return std::make_unique<PassBolt>(3); }, 2).shuffle_grouping("spout");
  b.set_bolt("fan2", [] { return std::make_unique<PassBolt>(2); }, 2).shuffle_grouping("fan3");
  b.set_bolt("copy", [] { return std::make_unique<PassBolt>(1); }).all_grouping("fan2");  // 1 task
  b.set_bolt("sink", [sink] { return std::make_unique<SinkBolt>(sink); }, 2).set_num_tasks(3).all_grouping("copy");
  bool done = false;
  auto m = run_until_complete(b, acking_config(), std::chrono::seconds(120), &done);
  CHECK(done);
  CHECK(log->distinct_acked() == 2000);
  CHECK(log->total_fails() == 0);
  for (std::int64_t id = 0; id < 2000; ++id) CHECK(log->ack_count(id) == 1);
  // 3 × 2 copies per id, each reaching all 3 sink tasks
  CHECK(sink->executed == 2000 * 6 * 3);
  CHECK(m.component("sink")->acked == 2000 * 6 * 3);
}

TEST_CASE("a tuple anchored to two inputs joins both trees") {
  auto log = std::make_shared<SpoutLog>();
  auto sink = std::make_shared<SinkLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 1000); });
  b.set_bolt("pair", [] { return std::make_unique<PairBolt>(); }).global_grouping("spout");
  b.set_bolt("sink", [sink] { return std::make_unique<SinkBolt>(sink); }).shuffle_grouping("pair");
  bool done = false;
  run_until_complete(b, acking_config(), std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(log->distinct_acked() == 1000);
  CHECK(log->total_fails() == 0);
  CHECK(sink->executed == 500);
}

TEST_CASE("a tree is not complete while one branch is still unacked") {
  auto log = std::make_shared<SpoutLog>();
  auto gate = std::make_shared<Gate>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 1); });
  b.set_bolt("hold", [gate] { return std::make_unique<HoldingBolt>(gate); }, 2)
      .all_grouping("spout")
      .add_configuration(config_keys::kTickTupleFreqSecs, 0.01);
  Config c = acking_config();
  c.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("t", c, b.create_topology());
  // The acker has seen the init and the fast branch's ack, while the slow branch holds its copy.
  REQUIRE(eventually([&] { return gate->held == 1 && cluster.metrics("t").component("__acker")->executed >= 2; }));
  CHECK(log->ack_count(0) == 0);
  CHECK(cluster.metrics("t").pending == 1);
  gate->open = true;
  CHECK(eventually([&] { return log->ack_count(0) == 1; }));
  CHECK(cluster.wait_until_complete("t", std::chrono::seconds(30)));
  cluster.kill_topology("t");
}
