#include "squall/state/barrier_alignment.hpp"

namespace squall::state {

bool BarrierAlignment::arrive(int task, std::int64_t txid, CheckpointAction action, std::vector<Tuple>& released) {
  auto key = std::make_pair(txid, action);
  // During a ROLLBACK, another step from a task that has not sent the ROLLBACK yet was sent before
  // that task rewound (its ROLLBACK follows on the same channel): it is stale, not a new
  // checkpoint, and must not abandon the rollback (the state would then never roll back).
  if (current_ && *current_ != key && current_->second == CheckpointAction::rollback &&
      action != CheckpointAction::rollback && !arrived_.count(task))
    return false;
  if (current_ && *current_ != key) {
    for (auto& t : held_) released.push_back(std::move(t));
    held_.clear();
    current_.reset();
  }
  if (!current_) {
    current_ = key;
    arrived_.clear();
  }
  arrived_.insert(task);
  return static_cast<int>(arrived_.size()) >= inputs_;
}

BarrierAlignment::Route BarrierAlignment::route(int task) const {
  if (!current_) return Route::process;
  if (arrived_.count(task)) return Route::hold;
  return current_->second == CheckpointAction::rollback ? Route::drop : Route::process;
}

std::vector<Tuple> BarrierAlignment::finish() {
  current_.reset();
  arrived_.clear();
  return std::exchange(held_, {});
}

}  // namespace squall::state
