#pragma once
// Runs spout tasks: the next_tuple loop, the max-pending gate, exact message timeouts, and the
// acks and fails coming back from the ackers.

#include <memory>
#include <vector>

#include "squall/runtime/acking/dead_letter_file.hpp"
#include "squall/runtime/acking/pending_tuples.hpp"
#include "squall/runtime/acking/replay_budget.hpp"
#include "squall/runtime/executor/executor.hpp"
#include "squall/runtime/task/root_tracker.hpp"
#include "squall/runtime/task/bolt_collector.hpp"
#include "squall/runtime/task/spout_checkpointer.hpp"
#include "squall/runtime/task/spout_collector.hpp"
#include "squall/runtime/task/task.hpp"
#include "squall/api/log_throttle.hpp"
#include "squall/api/spout.hpp"

namespace squall::runtime {

/// A spout task: the shared Task parts, the user's spout and its collector.
struct SpoutTask : Task {
  SpoutTask(RunState& run, const ComponentDef& component, const Config& config, int id, int slot, Emitter& emitter,
            RootTracker& tracker, UserErrors& errors)
      : Task(run, component, config, id, slot), collector(emitter, tracker, *this, errors) {}
  ~SpoutTask() { metrics.user->freeze_gauges(); }  // before the spout its gauges may read goes
  std::unique_ptr<Spout> spout;
  SpoutCollector collector;
  bool exhausted = false;  ///< Spout::exhausted() after the last next_tuple round
  /// In an exactly-once topology: forwards and acks its checkpoint tuples, keeps its position.
  std::unique_ptr<BoltCollector> checkpoint_out;
  std::unique_ptr<SpoutCheckpointer> checkpointer;
};

class SpoutExecutor final : public Executor, private RootTracker {
 public:
  SpoutExecutor(RunState& run, const ExecutorPlan& plan);
  ~SpoutExecutor() override;

 private:
  void setup() override;
  void loop() override;
  void teardown() override;

  bool call_next_tuple();
  void handle(const Envelope& e);
  /// A $checkpoint tuple for one of this executor's tasks (exactly-once topologies).
  void on_checkpoint_tuple(int task, const Tuple& tuple);
  void handle_inbox();
  void handle_batch(std::unique_ptr<Batch> batch);
  void drain_into_backlog();
  void expire_timeouts();
  void run_deferred_acks();
  /// Completes the trees whose every tuple was acked on this thread (Emitter::completed_trees).
  void complete_local_trees();
  void complete(const PendingTuple& p, bool acked, const FailureReason* reason);
  void give_up(SpoutTask& t, const PendingTuple& p, std::int64_t attempts, const FailureReason& reason);
  /// Acks the PREPAREs whose tuples before them have all completed (SpoutCheckpointer::settle).
  void settle_checkpoints();
  void publish_state();
  std::uint64_t track(int slot, MessageId id, const Values& values, std::span<const int> targets,
                      std::vector<std::uint64_t>& edges) override;

  TaskTable<SpoutTask> tasks_;
  PendingTuples pending_;
  SteadyClock::time_point now_;
  std::vector<std::unique_ptr<Batch>> backlog_;  // acker messages drained while an emit waited
  std::vector<std::pair<int, MessageId>> deferred_acks_;
  bool deactivated_ = false;
  ReplayBudget replays_;
  DeadLetterFile dead_letters_;
  LogThrottle failure_log_, dead_letter_log_;
};

}  // namespace squall::runtime
