#pragma once
// Runs bolt tasks: receive batches, execute, deliver tick tuples.

#include <memory>

#include "squall/api/bolt.hpp"
#include "squall/runtime/executor/executor.hpp"
#include "squall/runtime/task/bolt_collector.hpp"
#include "squall/runtime/task/task.hpp"

namespace squall::runtime {

/// A bolt task: the shared Task parts, the user's bolt and its collector.
struct BoltTask : Task {
  BoltTask(RunState& run, const ComponentDef& component, const Config& config, int id, int slot, Emitter& emitter,
           UserErrors& errors)
      : Task(run, component, config, id, slot), collector(emitter, *this, errors) {}
  std::unique_ptr<Bolt> bolt;
  BoltCollector collector;
  std::uint32_t until_sample = 1;  ///< execute latency is sampled every RunSettings::latency_sample_every tuples
};

class BoltExecutor final : public Executor {
 public:
  BoltExecutor(RunState& run, const ExecutorPlan& plan);
  ~BoltExecutor() override;

 private:
  void setup() override;
  void loop() override;
  void teardown() override;

  void execute(const Envelope& e);
  void run_task(BoltTask& t, const Tuple& input);
  void deliver_ticks(SteadyClock::time_point now);

  TaskTable<BoltTask> tasks_;
  std::chrono::nanoseconds tick_interval_{0};
  SteadyClock::time_point next_tick_;
  const detail::StreamSchema* tick_schema_;
};

}  // namespace squall::runtime
