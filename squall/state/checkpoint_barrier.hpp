#pragma once
// Counts a checkpoint tuple's copies: a bolt acts on (txid, action) once it has come from every
// task that sends it checkpoints (Storm's CheckpointTupleForwarder.shouldProcessTransaction).

#include <cstdint>
#include <map>
#include <utility>

#include "squall/state/checkpoint_state.hpp"

namespace squall::state {

class CheckpointBarrier {
 public:
  /// `inputs`: the tasks that send this bolt checkpoint tuples (at least 1).
  explicit CheckpointBarrier(int inputs) : inputs_(inputs) {}
  /// Notes one copy of (txid, action); true when it is the last awaited, which also forgets the
  /// copies counted of other steps (failed ones, whose copies will never all come).
  bool arrive(std::int64_t txid, CheckpointAction action);
  int inputs() const noexcept { return inputs_; }

 private:
  int inputs_;
  std::map<std::pair<std::int64_t, CheckpointAction>, int> seen_;
};

}  // namespace squall::state
