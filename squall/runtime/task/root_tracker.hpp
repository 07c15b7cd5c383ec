#pragma once
// The spout executor's side of an emit with a message id: what a spout collector asks to track.

#include <cstdint>
#include <span>
#include <vector>

#include "squall/api/spout.hpp"

namespace squall::runtime {

/// Tracks spout tuples until their trees complete, fail or time out (implemented by the spout
/// executor, which owns the pending tuples and the replay budget).
class RootTracker {
 public:
  virtual ~RootTracker() = default;
  /// Task slot `slot` emits message `id` with `values` to `targets`. Returns the root id its copies
  /// carry and fills `edges` with copy i's edge id; returns 0 (untracked, acked at once, as
  /// Storm does) when acking is off or there are no targets.
  virtual std::uint64_t track(int slot, MessageId id, const Values& values, std::span<const int> targets,
                              std::vector<std::uint64_t>& edges) = 0;
};

}  // namespace squall::runtime
