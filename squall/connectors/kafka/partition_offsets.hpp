#pragma once
// The commit point of one Kafka partition under at-least-once: the highest offset below which
// every emitted record is done (acked, or given up into the dead-letter stream). Storm's
// OffsetManager (storm-kafka-client), for offsets that arrive in increasing order.

#include <cstdint>
#include <deque>

namespace squall::kafka {

/// Offsets are Kafka's int64 positions. Gaps (compacted or transactional topics) need no care:
/// only emitted offsets are tracked, and the commit point passes over offsets never seen.
class PartitionOffsets {
 public:
  /// No offset seen yet, no commit point.
  static constexpr std::int64_t kNone = -1;

  /// A record at `offset` was emitted; offsets must increase (an older one is ignored, returning
  /// false: a record seen again after a pause or a seek).
  bool emitted(std::int64_t offset);
  /// The record at `offset` is done. Unknown or repeated offsets are ignored. O(log in-flight).
  void done(std::int64_t offset);

  /// The offset to commit (Kafka commits the next offset to read): the oldest record not yet done,
  /// or one past the last record seen when every record is done; kNone before the first record.
  std::int64_t committable() const noexcept;
  /// Records seen but not committable yet: last seen + 1 - committable (0 when none). What the
  /// per-partition cap `max.uncommitted.offsets` limits.
  std::int64_t uncommitted() const noexcept;
  /// One past the last record emitted: where reading goes on (kNone before the first record).
  std::int64_t next_offset() const noexcept { return last_seen_ == kNone ? kNone : last_seen_ + 1; }
  /// Emitted and not done.
  std::size_t in_flight() const noexcept { return open_; }

  /// The last commit the broker confirmed (kNone before any); committable() > committed() means a
  /// commit is due.
  std::int64_t committed() const noexcept { return committed_; }
  void confirm_commit(std::int64_t offset) noexcept {
    if (offset > committed_) committed_ = offset;
  }

 private:
  struct Entry {
    std::int64_t offset;
    bool done;
  };
  std::deque<Entry> window_;  // from the oldest record not done to the newest seen, increasing
  std::int64_t last_seen_ = kNone;
  std::int64_t committed_ = kNone;
  std::size_t open_ = 0;
};

}  // namespace squall::kafka
