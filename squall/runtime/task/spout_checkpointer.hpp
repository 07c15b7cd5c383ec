#pragma once
// A replayable spout task's part in an exactly-once topology's checkpoints (docs/state.md): it
// takes $checkpoint from the checkpoint spout and sends it on in line with its own tuples, and
// keeps its position as checkpointed state: saved at PREPARE, made durable at COMMIT, rewound to
// at ROLLBACK and INITSTATE. Until INITSTATE has rewound it, the spout emits nothing.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "squall/api/state/replayable_spout.hpp"
#include "squall/runtime/task/bolt_collector.hpp"
#include "squall/state/checkpoint_state.hpp"
#include "squall/state/checkpointed_state.hpp"
#include "squall/state/state_provider.hpp"

namespace squall::runtime {

class SpoutCheckpointer {
 public:
  /// `out` forwards and acks checkpoint tuples for the task; `abandon_pending` forgets the task's
  /// pending tuples when the spout rewinds. Throws TopologyError for bad state settings.
  SpoutCheckpointer(ReplayableSpout& spout, BoltCollector& out, const TopologyContext& context,
                    std::function<void()> abandon_pending);

  /// Whether next_tuple may run: the spout knows its position (INITSTATE or ROLLBACK rewound it)
  /// and no PREPARE waits for the tuples before it.
  bool ready() const noexcept { return ready_ && !held_prepare_; }
  /// A tuple of this spout failed or timed out: the PREPARE waiting, or the next one, fails, so
  /// that every task rolls back to the last checkpoint and every spout rewinds (the tuple is not
  /// replayed by id).
  void note_failure();
  /// Whether the last committed checkpoint holds the spout's current position and nothing failed
  /// since: a finite run may end only then, or its last tuples' effect would not be committed.
  bool caught_up() const;
  /// A $checkpoint tuple for this task.
  void on_checkpoint(const Tuple& input);
  /// With `pending` tuples of the task in flight: a PREPARE is acked once every tuple emitted
  /// before it has completed (so a checkpoint never holds a position past a tuple that may still
  /// fail). Call after acks and fails were handled.
  void settle(std::size_t pending);

 private:
  /// Runs `action`; false when it must fail.
  bool run(std::int64_t txid, state::CheckpointAction action);
  void rewind_to_committed();
  /// Tells the spout the committed position (ReplayableSpout::checkpoint_committed).
  void tell_committed();

  ReplayableSpout& spout_;
  BoltCollector& out_;
  Config config_;
  state::StateScope scope_;
  std::function<void()> abandon_pending_;
  std::unique_ptr<state::CheckpointedState> state_;
  bool ready_ = false;
  std::optional<Tuple> held_prepare_;  // forwarded, its ack waiting for the tuples before it
  Value committed_position_;  // what the last COMMIT (or rewind) made durable
  bool failed_ = false;
  std::string name_;
};

}  // namespace squall::runtime
