#pragma once
// Where a windowed bolt's time comes from: the system clock, or event timestamps and watermarks.
// Shared by WindowedBolt and AggregationBolt.

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/output_collector.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/windowing/watermark_tracker.hpp"
#include "squall/windowing/window_spec.hpp"

namespace squall {

/// Gives each input tuple its window time and tells when windows may be evaluated:
/// - processing time: a tuple's time is its arrival (system clock, ms since the epoch), and time
///   moves on with the clock, checked on every tuple and tick;
/// - event time: a tuple's time is its timestamp field; time moves on when the watermark (taken
///   every watermark interval, on ticks) advances. A tuple below the watermark is emitted on the
///   late-tuple stream anchored to it and acked; a tuple without an int timestamp is reported and
///   acked. Both are counted. With an idle timeout, a tick that finds no input for that long
///   moves the watermark past every window holding the newest timestamp (end of input).
class WindowClock {
 public:
  /// `context`: the bolt's, for its input streams.
  WindowClock(const WindowSpec& spec, const TopologyContext& context);

  /// The window time of `input`, or nullopt when the clock dealt with it (late or malformed).
  std::optional<std::int64_t> time_of(const Tuple& input, OutputCollector& out);
  /// The time windows may be evaluated up to now, or nullopt when it has not moved. Call on every
  /// tick and (processing time) every tuple.
  std::optional<std::int64_t> advance();

  std::int64_t late_tuples() const noexcept { return late_; }
  std::int64_t malformed_tuples() const noexcept { return malformed_; }
  /// The watermark (ms) on event time, else WatermarkTracker::kNone.
  std::int64_t watermark() const noexcept { return tracker_ ? tracker_->watermark() : WatermarkTracker::kNone; }
  /// Event time's progress, for a checkpoint (WatermarkTracker::saved; empty on processing time).
  std::vector<std::int64_t> saved() const { return tracker_ ? tracker_->saved() : std::vector<std::int64_t>{}; }
  /// Goes back to what saved() returned (empty: to the start).
  void restore(const std::vector<std::int64_t>& saved) {
    if (tracker_) tracker_->restore(saved);
  }

 private:
  std::string timestamp_field_;
  std::string late_stream_;
  std::unique_ptr<WatermarkTracker> tracker_;
  std::int64_t late_ = 0, malformed_ = 0;
  std::int64_t idle_timeout_ms_ = 0;
  std::int64_t flush_span_ms_ = 0;  // length + slide: beyond every window holding a timestamp
  std::int64_t last_input_ms_ = 0;
};

/// The component config a windowed bolt declares: `spec` under Storm's keys plus
/// topology.tick.tuple.freq.secs: the watermark interval on event time, a tenth of a time slide
/// (1 to 100 ms) on processing time, none for count slides.
Config window_component_config(const WindowSpec& spec);

/// Milliseconds since the epoch by the system clock: processing time.
std::int64_t processing_time_ms();

}  // namespace squall
