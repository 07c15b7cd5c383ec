#pragma once
// A spout that can go back to a saved position: with one, stateful bolts get exactly-once state
// (docs/state.md).

#include "squall/api/spout.hpp"
#include "squall/api/value.hpp"

namespace squall {

/// A source that can emit again from a position it reported (a file offset, a row number, Kafka
/// offsets). When every spout of a topology with stateful bolts is one, squall records each
/// spout's position() with every checkpoint, atomically with the bolts' state, and after a
/// failure rolls every state back and rewinds every spout to the same checkpoint: the state then
/// equals that of a run without the failure (exactly-once state, as Flink's checkpoints give;
/// outputs written outside the state are still at-least-once). Failures are then repaired by
/// rewinding, not by replaying message ids: fail() is not called for such a topology's tuples.
class ReplayableSpout : public Spout {
 public:
  /// Where the next tuple would come from, as a value the spout can read back (an int64 row
  /// number, a JSON text of offsets...). Called on the spout's thread between next_tuple() calls.
  virtual Value position() const = 0;
  /// Makes the next next_tuple() emit from `position` (one position() returned, possibly by an
  /// earlier process), as if what came after it had never been emitted. Called after open(), at
  /// recovery, before any tuple of this run or again after a failure. Throws to fail the recovery
  /// (it is retried).
  virtual void rewind(const Value& position) = 0;
  /// A checkpoint holding `position` (one position() returned) is committed: every task's state
  /// includes the effect of the tuples before it, and recovery will never rewind before it. The
  /// place to release what the source keeps for a rewind (rename a finished file, commit Kafka
  /// offsets), as Flink's CheckpointListener.notifyCheckpointComplete. Called on the spout's
  /// thread; the default does nothing. An exception is logged, not retried.
  virtual void checkpoint_committed(const Value& position) { (void)position; }
};

}  // namespace squall
