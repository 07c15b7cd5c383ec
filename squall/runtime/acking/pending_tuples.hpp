#pragma once
// A spout executor's tracked tuples: message ids by root id, in timeout order.

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "squall/runtime/acking/random_ids.hpp"
#include "squall/api/message_id.hpp"

namespace squall::runtime {

/// A tracked spout tuple.
struct PendingTuple {
  std::uint64_t root = 0;
  MessageId message_id;
  int task_slot = 0;  ///< index of the emitting task within its executor
  std::chrono::steady_clock::time_point emitted;
  std::chrono::steady_clock::time_point deadline;
};

/// Slots in a vector, linked in deadline order. A root id is (32 random bits << 32 | slot), so a
/// completion finds its slot without a hash lookup and a stale one (for a recycled slot) is told
/// apart by the random half. Timeouts are exact: deadline = emit (or last reset) + timeout, and
/// since deadlines only grow, appending keeps the list sorted. Memory: O(pending tuples).
class PendingTuples {
 public:
  using Clock = std::chrono::steady_clock;
  PendingTuples(std::chrono::milliseconds timeout, int tasks);

  /// Tracks a new tuple; returns its root id.
  std::uint64_t add(int task_slot, MessageId id, Clock::time_point now);
  /// Stops tracking `root`; nullopt when it is unknown (already completed, failed or timed out).
  std::optional<PendingTuple> take(std::uint64_t root);
  /// Restarts the timeout of `root`; false when unknown.
  bool reset(std::uint64_t root, Clock::time_point now);
  /// Removes and returns the oldest tuple if its deadline is at or before `now`.
  std::optional<PendingTuple> take_expired(Clock::time_point now);
  /// Stops tracking every tuple of `task_slot` (a spout that rewound abandons them: their late
  /// acks and fails find nothing); returns how many.
  std::size_t drop_task(int task_slot);
  /// Tracked tuples of one task, and of all.
  std::size_t pending(int task_slot) const noexcept { return per_task_[static_cast<std::size_t>(task_slot)]; }
  std::size_t size() const noexcept { return size_; }
  /// The earliest deadline, if any.
  std::optional<Clock::time_point> next_deadline() const;

 private:
  static constexpr std::uint32_t kNone = 0xffffffffu;
  struct Slot {
    PendingTuple tuple;
    std::uint32_t prev = kNone, next = kNone;
    bool used = false;
  };
  void link_tail(std::uint32_t i);
  void unlink(std::uint32_t i);
  void release(std::uint32_t i);
  Slot* slot_of(std::uint64_t root);

  std::chrono::milliseconds timeout_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
  std::vector<std::size_t> per_task_;
  std::uint32_t head_ = kNone, tail_ = kNone;
  std::size_t size_ = 0;
  RandomIds random_;
};

}  // namespace squall::runtime
