#pragma once
// The poison-tuple policy's bookkeeping: how often each spout message has failed, so that a
// message that fails on every replay is given up instead of replayed forever.

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

#include "squall/api/message_id.hpp"
#include "squall/api/value.hpp"

namespace squall::runtime {

/// Failures per (task slot, message id), for the tasks of one spout executor; one thread.
///
/// `topology.max.replays` = N: a message is emitted at most 1 + N times. Its (N+1)th failure
/// gives it up (the executor writes it to the dead-letter file and counts it as done), as Kafka
/// clients do with `retries` and Storm's KafkaSpout with its retry service's maxRetries.
/// Cost on the path where nothing fails: one `empty()` test per emit and per ack. A message that
/// has failed keeps its values from its replay (a copy), so that its dead letter shows them.
/// Memory: entries exist only for messages that failed and were not yet acked or given up;
/// at most `kMaxTracked` (the oldest are forgotten past that, which only resets their count).
class ReplayBudget {
 public:
  static constexpr std::size_t kMaxTracked = 1'000'000;
  /// `max_replays` < 0: unlimited (Storm's behaviour: replay until acked).
  ReplayBudget(std::int64_t max_replays, std::size_t task_slots);

  bool unlimited() const noexcept { return max_replays_ < 0; }
  std::int64_t max_replays() const noexcept { return max_replays_; }

  /// A failure of `id`; returns the failures counted for it so far (1 for the first).
  std::int64_t record_failure(int slot, const MessageId& id);
  /// True when a message with `failures` failures is given up rather than replayed.
  bool exhausted(std::int64_t failures) const noexcept { return max_replays_ >= 0 && failures > max_replays_; }
  /// Before an emit with message id `id`: keeps a copy of `values` if `id` has failed before.
  void note_emit(int slot, const MessageId& id, const Values& values) {
    if (tracked_count_ != 0) keep_values(slot, id, values);
  }
  /// The values of `id`'s latest emit, if it was a replay; nullptr otherwise.
  const Values* values_of(int slot, const MessageId& id) const;
  /// `id` is done (acked, or given up): forgets it.
  void forget(int slot, const MessageId& id) {
    if (tracked_count_ != 0) erase(slot, id);
  }

 private:
  struct Entry {
    std::int64_t failures = 0;
    std::optional<Values> values;
  };
  void keep_values(int slot, const MessageId& id, const Values& values);
  void erase(int slot, const MessageId& id);

  std::int64_t max_replays_;
  std::vector<std::unordered_map<MessageId, Entry>> by_slot_;
  std::size_t tracked_count_ = 0;
};

}  // namespace squall::runtime
