#include "squall/runtime/executor/bolt_executor.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "squall/api/errors.hpp"
#include "squall/api/stream_ids.hpp"

namespace squall::runtime {

BoltExecutor::BoltExecutor(RunState& run, const ExecutorPlan& plan) : Executor(run, plan), tasks_(plan.tasks) {
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
  for (std::size_t slot = 0; slot < plan_.tasks.size(); ++slot) {
    auto t = std::make_unique<BoltTask>(run_, def, config, plan_.tasks[slot], static_cast<int>(slot), *emitter_,
                                        user_errors_);
    t->bolt = std::move(bolts[slot]);
    t->bolt->prepare(t->context, t->collector);
    tasks_.add(std::move(t));
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
  const auto* message = std::get_if<TupleMessage>(&e.message);
  if (!message) {
    if (auto n = unexpected_log_.admit())
      spdlog::warn("[{}] bolt executor {} got an unexpected envelope{}", run_.plan.topology_name(), plan_.index,
                   suppressed_note(n));
    return;
  }
  if (BoltTask* t = tasks_.find(e.task)) run_task(*t, message->tuple);
}

void BoltExecutor::run_task(BoltTask& t, const Tuple& input) {
  bool tick = input.is_tick();
  if (!tick) t.metrics.executed.add();  // system streams apart, as Storm's UI counts them
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
    user_errors_.thrown(t.id, fmt::format("execute({})", input.to_string()), ex);
    t.collector.fail(input);
  }
  if (sample) t.metrics.execute_latency.record(static_cast<std::uint64_t>((SteadyClock::now() - start).count()));
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

void BoltExecutor::teardown() {
  for (auto& t : tasks_) {
    try {
      t->bolt->cleanup();
    } catch (const std::exception& e) {
      user_errors_.thrown(t->id, "cleanup", e);
    }
  }
}

}  // namespace squall::runtime
