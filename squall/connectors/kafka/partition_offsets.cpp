#include "squall/connectors/kafka/partition_offsets.hpp"

#include <algorithm>

namespace squall::kafka {

bool PartitionOffsets::emitted(std::int64_t offset) {
  if (offset <= last_seen_) return false;
  last_seen_ = offset;
  window_.push_back({offset, false});
  ++open_;
  return true;
}

void PartitionOffsets::done(std::int64_t offset) {
  auto it = std::lower_bound(window_.begin(), window_.end(), offset,
                             [](const Entry& e, std::int64_t o) { return e.offset < o; });
  if (it == window_.end() || it->offset != offset || it->done) return;
  it->done = true;
  --open_;
  while (!window_.empty() && window_.front().done) window_.pop_front();
}

std::int64_t PartitionOffsets::committable() const noexcept {
  if (last_seen_ == kNone) return kNone;
  return window_.empty() ? last_seen_ + 1 : window_.front().offset;
}

std::int64_t PartitionOffsets::uncommitted() const noexcept {
  return last_seen_ == kNone ? 0 : last_seen_ + 1 - committable();
}

}  // namespace squall::kafka
