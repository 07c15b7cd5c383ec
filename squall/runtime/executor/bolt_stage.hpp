#pragma once
// The bolt tasks of one executor and how they execute: what a bolt executor runs on its own
// thread, and what a chained bolt runs on its upstream's thread.

#include <memory>

#include "squall/api/bolt.hpp"
#include "squall/api/log_throttle.hpp"
#include "squall/runtime/task/bolt_collector.hpp"
#include "squall/runtime/task/chained_receiver.hpp"
#include "squall/runtime/task/task.hpp"

namespace squall::runtime {

/// A bolt task: the shared Task parts, the user's bolt and its collector.
struct BoltTask : Task {
  BoltTask(RunState& run, const ComponentDef& component, const Config& config, int id, int slot, Emitter& emitter,
           UserErrors& errors)
      : Task(run, component, config, id, slot), collector(emitter, *this, errors) {}
  ~BoltTask() { metrics.user->freeze_gauges(); }  // before the bolt its gauges may read goes
  std::unique_ptr<Bolt> bolt;
  BoltCollector collector;
  std::uint32_t until_sample = 1;  ///< execute latency is sampled every RunSettings::latency_sample_every tuples
};

/// The tasks of bolt executor `plan`, emitting through `emitter` (the thread's). Not thread-safe:
/// one thread calls every member, the executor's own or, chained, its host's.
class BoltStage final : public ChainedReceiver {
 public:
  BoltStage(RunState& run, const ExecutorPlan& plan, Emitter& emitter, UserErrors& errors);

  /// Makes the bolts and prepares them. Throws what prepare throws.
  void setup();
  /// Executes a tuple envelope on its task; anything else is logged (rate-limited) and dropped.
  void receive(const Envelope& envelope) override;
  /// Executes `tuple` on task `task` (chained: called by the upstream's emit).
  void receive(int task, const Tuple& tuple) override {
    if (BoltTask* t = tasks_.find(task)) run_task(*t, tuple);
  }
  /// Delivers tick tuples when due (topology.tick.tuple.freq.secs).
  void deliver_ticks(SteadyClock::time_point now);
  /// Time until the next tick, at most `cap`.
  std::chrono::microseconds until_next_tick(SteadyClock::time_point now, std::chrono::microseconds cap) const;
  /// File descriptors of the bolts that have one (Bolt::poll_fd), known after setup().
  const std::vector<int>& poll_fds() const noexcept { return poll_fds_; }
  /// Calls poll() on every bolt with a poll_fd; what it throws is reported, not thrown.
  void poll();
  /// Cleans up every bolt; errors are reported, not thrown.
  void teardown();
  const ExecutorPlan& plan() const noexcept { return plan_; }

 private:
  void run_task(BoltTask& t, const Tuple& input);

  RunState& run_;
  const ExecutorPlan& plan_;
  Emitter& emitter_;
  UserErrors& user_errors_;
  LogThrottle unexpected_log_;
  TaskTable<BoltTask> tasks_;
  std::vector<BoltTask*> polled_;  ///< tasks whose bolt has a poll_fd
  std::vector<int> poll_fds_;
  std::chrono::nanoseconds tick_interval_{0};
  SteadyClock::time_point next_tick_;
  const detail::StreamSchema* tick_schema_;
};

}  // namespace squall::runtime
