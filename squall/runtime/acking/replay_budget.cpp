#include "squall/runtime/acking/replay_budget.hpp"

namespace squall::runtime {

ReplayBudget::ReplayBudget(std::int64_t max_replays, std::size_t task_slots)
    : max_replays_(max_replays), by_slot_(task_slots) {}

std::int64_t ReplayBudget::record_failure(int slot, const MessageId& id) {
  auto& map = by_slot_[static_cast<std::size_t>(slot)];
  if (tracked_count_ >= kMaxTracked) {  // a spout that never replays what failed: start over
    for (auto& m : by_slot_) m.clear();
    tracked_count_ = 0;
  }
  auto [it, inserted] = map.try_emplace(id);
  if (inserted) ++tracked_count_;
  return ++it->second.failures;
}

void ReplayBudget::keep_values(int slot, const MessageId& id, const Values& values) {
  auto& map = by_slot_[static_cast<std::size_t>(slot)];
  if (auto it = map.find(id); it != map.end()) it->second.values = values;
}

const Values* ReplayBudget::values_of(int slot, const MessageId& id) const {
  const auto& map = by_slot_[static_cast<std::size_t>(slot)];
  auto it = map.find(id);
  return it != map.end() && it->second.values ? &*it->second.values : nullptr;
}

void ReplayBudget::erase(int slot, const MessageId& id) {
  if (by_slot_[static_cast<std::size_t>(slot)].erase(id)) --tracked_count_;
}

}  // namespace squall::runtime
