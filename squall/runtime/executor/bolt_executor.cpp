#include "squall/runtime/executor/bolt_executor.hpp"

namespace squall::runtime {

BoltExecutor::BoltExecutor(RunState& run, const ExecutorPlan& plan)
    : Executor(run, plan), bolts_(run, plan, *emitter_, user_errors_) {}

BoltExecutor::~BoltExecutor() = default;

void BoltExecutor::loop() {
  while (!stopping()) {
    if (auto batch = inbox_->try_receive()) {
      note_received(batch->size());
      for (const auto& e : *batch) bolts_.receive(e);
      finish_batch(std::move(batch));
      auto now = SteadyClock::now();
      poll_bolts();
      flush_due(now);
      bolts_.deliver_ticks(now);
      continue;
    }
    flush_all();
    auto now = SteadyClock::now();
    bolts_.deliver_ticks(now);
    wait_for_input(bolts_.until_next_tick(now, std::chrono::microseconds(10000)));
  }
}

}  // namespace squall::runtime
