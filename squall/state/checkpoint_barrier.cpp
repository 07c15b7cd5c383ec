#include "squall/state/checkpoint_barrier.hpp"

namespace squall::state {

bool CheckpointBarrier::arrive(std::int64_t txid, CheckpointAction action) {
  auto key = std::make_pair(txid, action);
  if (++seen_[key] < inputs_) return false;
  // The spout sends the next step only once this one's tree is acked, so no copy of another step
  // can be on its way: what else was counted is of failed steps, and would spoil a retry's count.
  seen_.clear();
  return true;
}

}  // namespace squall::state
