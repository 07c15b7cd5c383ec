#include "squall/runtime/executor/bolt_executor.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/api/errors.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/runtime/acking/tuple_tree.hpp"

namespace squall::runtime {

/// The OutputCollector of one bolt task.
class BoltExecutor::Collector final : public OutputCollector {
 public:
  Collector(BoltExecutor& ex, int task_id, TaskRouter& router, TaskMetrics& metrics)
      : ex_(ex), task_(task_id), router_(router), metrics_(metrics) {}

  std::span<const int> emit(std::string_view stream, std::span<const Tuple> anchors, Values values) override {
    const StreamRoute& route = router_.route(stream);
    auto targets = router_.choose(route, values);
    deliver(route, targets, anchors, std::move(values));
    return targets;
  }
  void emit_direct(int task, std::string_view stream, std::span<const Tuple> anchors, Values values) override {
    const StreamRoute& route = router_.route(stream);
    router_.check_direct(route, task, values);
    deliver(route, std::span<const int>(&task, 1), anchors, std::move(values));
  }
  // Tick tuples (system stream __tick) are not counted as acked or failed, as Storm's UI leaves
  // system streams out of a component's figures.
  void ack(const Tuple& input) override {
    if (!input.is_tick()) metrics_.acked.add();
    ex_.tell_ackers(input, EnvelopeKind::ack_ack, task_);
  }
  void fail(const Tuple& input) override {
    if (!input.is_tick()) metrics_.failed.add();
    ex_.tell_ackers(input, EnvelopeKind::ack_fail, task_);
  }
  void reset_timeout(const Tuple& input) override { ex_.tell_ackers(input, EnvelopeKind::ack_reset, task_); }
  void report_error(std::string_view message) override {
    if (auto n = ex_.user_error_log_.admit())
      spdlog::error("[{}] bolt {} (task {}): {}{}", ex_.run_.plan.topology_name(), ex_.plan_.component->id, task_, message,
                    suppressed_note(n));
    metrics_.errors.add();
  }

 private:
  void deliver(const StreamRoute& route, std::span<const int> targets, std::span<const Tuple> anchors, Values values) {
    metrics_.emitted.add();
    metrics_.transferred.add(targets.size());
    const bool acking = ex_.run_.plan.acking();
    ex_.send_copies(route, task_, targets, std::move(values), [&](detail::TupleState& s, std::size_t) {
      if (acking) acking::anchor(s, anchors, ex_.ids_);
    });
  }

  BoltExecutor& ex_;
  int task_;
  TaskRouter& router_;
  TaskMetrics& metrics_;
};

struct BoltExecutor::Task {
  int id;
  std::unique_ptr<Bolt> bolt;
  std::unique_ptr<TopologyContext> context;
  std::unique_ptr<TaskRouter> router;
  std::unique_ptr<Collector> collector;
  TaskMetrics* metrics;
  std::uint32_t until_sample = 1;
};

BoltExecutor::BoltExecutor(RunState& run, const ExecutorPlan& plan) : Executor(run, plan) {
  tick_schema_ = detail::intern_schema({std::string(kSystemComponent), std::string(kTickStream), Fields{"rate_secs"}, false});
}

BoltExecutor::~BoltExecutor() = default;

void BoltExecutor::setup() {
  const auto& def = *plan_.component;
  std::vector<std::unique_ptr<Bolt>> bolts;
  for (std::size_t i = 0; i < plan_.tasks.size(); ++i) bolts.push_back(def.bolt_factory());
  Config config = run_.plan.component_config(def);
  double tick_secs = config.get(config_keys::kTickTupleFreqSecs);
  if (tick_secs > 0) {
    tick_interval_ = std::chrono::nanoseconds(static_cast<std::int64_t>(tick_secs * 1e9));
    next_tick_ = SteadyClock::now() + tick_interval_;
  }
  for (std::size_t i = 0; i < plan_.tasks.size(); ++i) {
    int id = plan_.tasks[i];
    auto t = std::make_unique<Task>();
    t->id = id;
    t->metrics = run_.task_metrics[static_cast<std::size_t>(id)].get();
    t->bolt = std::move(bolts[i]);
    t->context = std::make_unique<TopologyContext>(run_.plan.topology_name(), def.id, id, run_.plan.tasks_of(def.id), config);
    std::vector<TopologyContext::InputStream> inputs;
    for (const auto& in : def.inputs)
      if (const ComponentDef* source = run_.plan.topology().find(in.source))
        if (auto s = source->outputs.find(in.stream); s != source->outputs.end())
          inputs.push_back({in.source, in.stream, s->second.fields});
    t->context->set_inputs(std::move(inputs));
    t->router = std::make_unique<TaskRouter>(run_.plan, def, id);
    t->collector = std::make_unique<Collector>(*this, id, *t->router, *t->metrics);
    t->bolt->prepare(*t->context, *t->collector);
    tasks_.push_back(std::move(t));
  }
}

void BoltExecutor::loop() {
  while (!stopping()) {
    if (auto batch = inbox_->try_receive()) {
      note_received(batch->size());
      for (const auto& e : *batch) execute(e);
      finish_batch(std::move(batch));
      auto now = SteadyClock::now();
      outbox_->flush_due(now);
      deliver_ticks(now);
      continue;
    }
    outbox_->flush_all();
    auto now = SteadyClock::now();
    deliver_ticks(now);
    auto wait = std::chrono::microseconds(10000);
    if (tick_interval_.count() > 0)
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::microseconds>(next_tick_ - now));
    wait_for_input(wait);
  }
}

void BoltExecutor::execute(const Envelope& e) {
  if (e.kind != EnvelopeKind::tuple) {
    if (auto n = unexpected_log_.admit())
      spdlog::warn("[{}] bolt executor {} got an unexpected envelope{}", run_.plan.topology_name(), plan_.index,
                   suppressed_note(n));
    return;
  }
  auto slot = static_cast<std::size_t>(e.task - plan_.tasks.front());
  if (slot < tasks_.size()) run_task(*tasks_[slot], e.tuple);
}

void BoltExecutor::run_task(Task& t, const Tuple& input) {
  bool tick = input.is_tick();
  if (!tick) t.metrics->executed.add();  // system streams apart, as Storm's UI counts them
  bool sample = !tick && --t.until_sample == 0;
  SteadyClock::time_point start;
  if (sample) {
    t.until_sample = run_.settings.latency_sample_every;
    start = SteadyClock::now();
  }
  try {
    t.bolt->execute(input);
  } catch (const std::exception& ex) {
    // The input is failed (replayed by its spout) and the error reported; the executor goes on.
    log_user_error(t.id, fmt::format("execute({})", input.to_string()), ex);
    t.collector->fail(input);
  }
  if (sample) t.metrics->execute_latency.record(static_cast<std::uint64_t>((SteadyClock::now() - start).count()));
}

void BoltExecutor::deliver_ticks(SteadyClock::time_point now) {
  if (tick_interval_.count() == 0 || now < next_tick_) return;
  next_tick_ = now + tick_interval_;
  double secs = std::chrono::duration<double>(tick_interval_).count();
  for (auto& t : tasks_) {
    auto state = std::make_shared<detail::TupleState>();
    state->values = Values{secs};
    state->schema = tick_schema_;
    run_task(*t, Tuple(std::move(state)));
  }
}

void BoltExecutor::tell_ackers(const Tuple& input, EnvelopeKind kind, int task) {
  if (!run_.plan.acking()) return;
  const auto& s = detail::TupleAccess::state(input);
  acking::for_each_root(s, [&](std::uint64_t root, std::uint64_t value) {
    send(Envelope{kind, run_.plan.acker_for(root), task, root, value, {}});
  });
}

void BoltExecutor::teardown() {
  for (auto& t : tasks_) {
    try {
      t->bolt->cleanup();
    } catch (const std::exception& e) {
      log_user_error(t->id, "cleanup", e);
    }
  }
}

}  // namespace squall::runtime
