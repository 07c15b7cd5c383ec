// Tick tuples, direct streams, errors in user code, disabled acking, custom groupings, metrics,
// and shutdown by signal with drain.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <vector>

#include "squall/runtime/shutdown_signals.hpp"
#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

struct TickLog {
  std::atomic<int> ticks{0};
  std::atomic<bool> wrong{false};
  std::mutex mutex;
  std::vector<std::chrono::steady_clock::time_point> at;  // arrival of each tick
};
class TickBolt : public Bolt {
 public:
  explicit TickBolt(std::shared_ptr<TickLog> log) : log_(std::move(log)) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    if (in.is_tick()) {
      if (in.source_component() != "__system" || in.source_stream() != "__tick" || in.get_double(0) != 0.02)
        log_->wrong = true;
      std::lock_guard lock(log_->mutex);
      log_->at.push_back(std::chrono::steady_clock::now());
      ++log_->ticks;
    }
    out_->ack(in);
  }

 private:
  std::shared_ptr<TickLog> log_;
  OutputCollector* out_ = nullptr;
};

// Sends each id to task index id % n of the direct subscriber.
class DirectSpout : public Spout {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}, true); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void set_targets(std::vector<int> t) { targets_ = std::move(t); }
  void next_tuple() override {
    if (next_ >= 300) return;
    out_->emit_direct(targets_[static_cast<std::size_t>(next_) % targets_.size()], {next_, "x"}, next_);
    ++next_;
  }
  bool exhausted() const override { return next_ >= 300; }
  std::vector<int> targets_;

 private:
  SpoutOutputCollector* out_ = nullptr;
  std::int64_t next_ = 0;
};

struct TaskLog {
  std::mutex mutex;
  std::map<std::int64_t, int> task_of_id;
};
class RecordTaskBolt : public BasicBolt {
 public:
  explicit RecordTaskBolt(std::shared_ptr<TaskLog> log) : log_(std::move(log)) {}
  void prepare(const TopologyContext& ctx) override { task_ = ctx.task_id(); }
  void execute(const Tuple& in, BasicOutputCollector&) override {
    std::lock_guard l(log_->mutex);
    log_->task_of_id[in.get_int("id")] = task_;
  }

 private:
  std::shared_ptr<TaskLog> log_;
  int task_ = 0;
};

class UndeclaredStreamBolt : public BasicBolt {
 public:
  void execute(const Tuple& in, BasicOutputCollector& out) override {
    if (in.get_int("id") == 0 && !thrown_) {
      thrown_ = true;
      out.emit("nowhere", {1});
    }
  }

 private:
  bool thrown_ = false;
};

// Tries three emits the router must reject and records what each threw.
struct RejectLog {
  std::mutex mutex;
  std::vector<std::string> errors;
};
class MisroutingBolt : public BasicBolt {
 public:
  explicit MisroutingBolt(std::shared_ptr<RejectLog> log) : log_(std::move(log)) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override {
    d.declare({"word"});
    d.declare_stream("to_task", {"word"}, true);
  }
  void execute(const Tuple& in, BasicOutputCollector& out) override {
    if (in.get_int("id") != 0 || tried_) return;
    tried_ = true;
    record([&] { out.emit("nowhere", {"a"}); });
    record([&] { out.emit({"a", "b"}); });
    record([&] { out.emit("to_task", {"a"}); });
  }

 private:
  template <typename Emit>
  void record(Emit emit) {
    std::string what = "no error";
    try {
      emit();
    } catch (const TopologyError& e) {
      what = e.what();
    }
    std::lock_guard l(log_->mutex);
    log_->errors.push_back(what);
  }
  std::shared_ptr<RejectLog> log_;
  bool tried_ = false;
};

}  // namespace

TEST_CASE("the router rejects an undeclared stream, a wrong value count and a plain emit on a direct stream") {
  auto log = std::make_shared<RejectLog>();
  auto spout_log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [spout_log] { return std::make_unique<CountingSpout>(spout_log, 3); });
  b.set_bolt("misroute", [log] { return std::make_unique<MisroutingBolt>(log); }).shuffle_grouping("spout");
  bool done = false;
  run_until_complete(b, Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  std::lock_guard l(log->mutex);
  REQUIRE(log->errors.size() == 3);
  CHECK(log->errors[0].find("emitted on stream 'nowhere', which it does not declare (declared: default, to_task)") !=
        std::string::npos);
  CHECK(log->errors[1].find("emitted 2 values on stream 'default', which declares 1 fields [word]") != std::string::npos);
  CHECK(log->errors[2].find("stream 'to_task' is direct; use emit_direct") != std::string::npos);
}

TEST_CASE("tick tuples arrive at the configured frequency on __tick from __system") {
  auto log = std::make_shared<TickLog>();
  auto spout_log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [spout_log] { return std::make_unique<CountingSpout>(spout_log, 0); });
  b.set_bolt("ticker", [log] { return std::make_unique<TickBolt>(log); })
      .shuffle_grouping("spout")
      .add_configuration(config_keys::kTickTupleFreqSecs, 0.02);
  LocalCluster cluster;
  Config c;
  c.set(config_keys::kProgressIntervalSecs, 0);
  cluster.submit_topology("ticks", c, b.create_topology());
  CHECK(eventually([&] { return log->ticks >= 21; }));
  auto m = cluster.kill_topology("ticks");
  CHECK_FALSE(log->wrong);
  // The median gap between ticks is the configured 20 ms: not much faster (ticks never bunch) and
  // not much slower (a tick 50x slower once passed a test that only counted ticks). The median,
  // so that a descheduled moment on a loaded machine does not decide it.
  std::vector<double> gaps_ms;
  {
    std::lock_guard lock(log->mutex);
    for (std::size_t i = 1; i < 21; ++i) gaps_ms.push_back(std::chrono::duration<double, std::milli>(log->at[i] - log->at[i - 1]).count());
  }
  std::nth_element(gaps_ms.begin(), gaps_ms.begin() + 10, gaps_ms.end());
  CHECK(gaps_ms[10] >= 15);
  CHECK(gaps_ms[10] <= 60);
  // Ticks are a system stream: not counted as executed or acked (the spout emitted nothing).
  const TaskStats* ticker = m.component("ticker");
  REQUIRE(ticker);
  CHECK(ticker->executed == 0);
  CHECK(ticker->acked == 0);
}

TEST_CASE("emit_direct reaches exactly the named task") {
  auto log = std::make_shared<TaskLog>();
  TopologyBuilder b;
  b.set_spout("spout", [] {
    auto s = std::make_unique<DirectSpout>();
    s->set_targets({2, 3, 4});  // the "direct" bolt's tasks: spout is task 1
    return s;
  });
  b.set_bolt("direct", [log] { return std::make_unique<RecordTaskBolt>(log); }, 3).direct_grouping("spout");
  bool done = false;
  auto m = run_until_complete(b, Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(m.component("spout")->acked == 300);
  REQUIRE(log->task_of_id.size() == 300);
  for (auto& [id, task] : log->task_of_id) CHECK(task == 2 + id % 3);
}

TEST_CASE("an emit on an undeclared stream is reported and fails the input, which is replayed") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 10); });
  b.set_bolt("bad", [] { return std::make_unique<UndeclaredStreamBolt>(); }).shuffle_grouping("spout");
  bool done = false;
  auto m = run_until_complete(b, Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(m.component("bad")->errors == 1);
  CHECK(log->fail_count(0) == 1);
  CHECK(log->distinct_acked() == 10);
}

TEST_CASE("with zero ackers, spout tuples are acked as they are emitted") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 5000); });
  b.set_bolt("a", [] { return std::make_unique<PassBolt>(); }).shuffle_grouping("spout");
  Config c;
  c.set(config_keys::kAckerExecutors, 0);
  bool done = false;
  auto m = run_until_complete(b, c, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(log->distinct_acked() == 5000);
  CHECK(m.component("__acker") == nullptr);
  CHECK(m.component("a")->executed == 5000);
}

TEST_CASE("a custom grouping routes tuples in a running topology") {
  struct ByParity : CustomStreamGrouping {
    std::vector<int> targets;
    void prepare(const GroupingContext&, std::vector<int> t) override { targets = std::move(t); }
    std::vector<int> choose_tasks(int, const Values& v) override { return {targets[static_cast<std::size_t>(v[0].as_int() % 2)]}; }
  };
  auto log = std::make_shared<TaskLog>();
  auto spout_log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [spout_log] { return std::make_unique<CountingSpout>(spout_log, 100); });
  b.set_bolt("rec", [log] { return std::make_unique<RecordTaskBolt>(log); }, 2)
      .custom_grouping("spout", "default", [] { return std::make_unique<ByParity>(); });
  bool done = false;
  run_until_complete(b, Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  for (auto& [id, task] : log->task_of_id) CHECK(task == 2 + id % 2);
}

TEST_CASE("a shutdown request stops waiting; kill with drain completes pending tuples and closes") {
  auto log = std::make_shared<SpoutLog>();
  auto sink = std::make_shared<SinkLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 1'000'000'000); });
  b.set_bolt("sink", [sink] { return std::make_unique<SinkBolt>(sink); }).shuffle_grouping("spout");
  Config c;
  c.set(config_keys::kProgressIntervalSecs, 0);
  c.set(config_keys::kMaxSpoutPending, 1000);
  LocalCluster cluster;
  cluster.submit_topology("endless", c, b.create_topology());
  REQUIRE(eventually([&] { return sink->executed > 1000; }));
  request_shutdown();  // as SIGINT would
  CHECK_FALSE(cluster.wait_until_complete("endless", std::chrono::seconds(600)));
  reset_shutdown_request();
  auto m = cluster.kill_topology("endless", std::chrono::seconds(30));
  CHECK(log->closed);
  CHECK(sink->cleaned_up);
  CHECK(m.pending == 0);
  CHECK(m.component("spout")->failed == 0);
  CHECK(static_cast<std::int64_t>(m.component("spout")->acked) == log->emitted.load());
  // metrics: per task and per component, complete latency measured
  CHECK(m.tasks.size() == 3);
  CHECK(m.component("spout")->complete_latency_p99_ms > 0);
  CHECK(m.to_json().find("\"component\":\"sink\"") != std::string::npos);
}
