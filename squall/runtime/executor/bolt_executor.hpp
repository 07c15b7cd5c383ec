#pragma once
// Runs bolt tasks: receive batches, execute, anchor emits, send acks and fails to the ackers,
// deliver tick tuples.

#include <memory>
#include <vector>

#include "squall/runtime/acking/random_ids.hpp"
#include "squall/runtime/executor/executor.hpp"
#include "squall/runtime/routing/task_router.hpp"
#include "squall/api/bolt.hpp"

namespace squall::runtime {

class BoltExecutor final : public Executor {
 public:
  BoltExecutor(RunState& run, const ExecutorPlan& plan);
  ~BoltExecutor() override;

 private:
  class Collector;
  struct Task;
  void setup() override;
  void loop() override;
  void teardown() override;

  void execute(const Envelope& e);
  void run_task(Task& t, const Tuple& input);
  void deliver_ticks(SteadyClock::time_point now);
  /// Tells the acker of each root of `input` one thing about it.
  void tell_ackers(const Tuple& input, EnvelopeKind kind, int task);

  std::vector<std::unique_ptr<Task>> tasks_;  // by task id - first task id: a plan's tasks are contiguous
  RandomIds ids_;
  std::chrono::nanoseconds tick_interval_{0};
  SteadyClock::time_point next_tick_;
  const detail::StreamSchema* tick_schema_;
};

}  // namespace squall::runtime
