#include "squall/runtime/executor/bolt_stage.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "squall/api/errors.hpp"
#include "squall/api/stream_ids.hpp"

namespace squall::runtime {

BoltStage::BoltStage(RunState& run, const ExecutorPlan& plan, Emitter& emitter, UserErrors& errors)
    : run_(run), plan_(plan), emitter_(emitter), user_errors_(errors), tasks_(plan.tasks) {
  tick_schema_ = detail::intern_schema({std::string(kSystemComponent), std::string(kTickStream), Fields{"rate_secs"}, false});
}

void BoltStage::setup() {
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
    auto t = std::make_unique<BoltTask>(run_, def, config, plan_.tasks[slot], static_cast<int>(slot), emitter_,
                                        user_errors_);
    t->bolt = std::move(bolts[slot]);
    t->bolt->prepare(t->context, t->collector);
    if (int fd = t->bolt->poll_fd(); fd >= 0) {
      poll_fds_.push_back(fd);
      polled_.push_back(t.get());
    }
    tasks_.add(std::move(t));
  }
}

void BoltStage::receive(const Envelope& e) {
  const auto* message = std::get_if<TupleMessage>(&e.message);
  if (!message) {
    if (auto n = unexpected_log_.admit())
      spdlog::warn("[{}] bolt executor {} got an unexpected envelope{}", run_.plan.topology_name(), plan_.index,
                   suppressed_note(n));
    return;
  }
  receive(e.task, message->tuple);
}

void BoltStage::run_task(BoltTask& t, const Tuple& input) {
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

void BoltStage::deliver_ticks(SteadyClock::time_point now) {
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

std::chrono::microseconds BoltStage::until_next_tick(SteadyClock::time_point now, std::chrono::microseconds cap) const {
  if (tick_interval_.count() == 0) return cap;
  return std::min(cap, std::chrono::duration_cast<std::chrono::microseconds>(next_tick_ - now));
}

void BoltStage::poll() {
  for (BoltTask* t : polled_) {
    try {
      t->bolt->poll();
    } catch (const std::exception& e) {
      user_errors_.thrown(t->id, "poll", e);
    }
  }
}

void BoltStage::teardown() {
  for (auto& t : tasks_) {
    try {
      t->bolt->cleanup();
    } catch (const std::exception& e) {
      user_errors_.thrown(t->id, "cleanup", e);
    }
  }
}

}  // namespace squall::runtime
