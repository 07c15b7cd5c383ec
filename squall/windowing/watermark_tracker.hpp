#pragma once
// Event-time progress of a windowed bolt's inputs (Storm's WaterMarkEventGenerator).

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace squall {

/// Tracks the newest event timestamp (ms) seen on each input stream and derives the watermark:
///   watermark = min over the input streams of (newest timestamp - max lag)
/// so the slowest input holds event time back. There is no watermark until every input stream has
/// delivered a tuple, and the watermark never moves backwards. A tuple whose timestamp is below
/// the current watermark is late: the windows it belongs to are already evaluated.
class WatermarkTracker {
 public:
  /// An input stream: (source component, stream id).
  using StreamId = std::pair<std::string, std::string>;
  static constexpr std::int64_t kNone = std::numeric_limits<std::int64_t>::min();

  /// `inputs`: every stream the bolt subscribes to; `max_lag_ms` >= 0.
  WatermarkTracker(std::vector<StreamId> inputs, std::int64_t max_lag_ms);

  /// Records a tuple's timestamp. Returns false, recording nothing, when the tuple is late.
  bool track(const std::string& component, const std::string& stream, std::int64_t timestamp_ms);
  /// Recomputes the watermark (done every watermark interval). Returns true when it advanced.
  bool advance();
  /// The current watermark in ms, or kNone before every input has delivered a tuple.
  std::int64_t watermark() const noexcept { return watermark_; }
  /// Moves the watermark to at least `watermark_ms` whatever the inputs say (idle inputs, end of
  /// input). Returns true when it advanced.
  bool force(std::int64_t watermark_ms);
  /// The newest timestamp seen on any input, or kNone.
  std::int64_t newest() const noexcept;
  bool is_late(std::int64_t timestamp_ms) const noexcept { return watermark_ != kNone && timestamp_ms < watermark_; }
  /// The tracker's progress, for a checkpoint: the watermark, then each input's newest timestamp.
  std::vector<std::int64_t> saved() const;
  /// Goes back to what saved() returned (empty: to the start, nothing seen). With another number
  /// of inputs (the topology changed) only the watermark is taken.
  void restore(const std::vector<std::int64_t>& saved);

 private:
  std::map<StreamId, std::int64_t, std::less<>> newest_;  // kNone until the stream's first tuple
  std::int64_t max_lag_ms_;
  std::int64_t watermark_ = kNone;
};

}  // namespace squall
