#pragma once
// What a window is: its length and slide, by count or by time, on processing time or on event
// time (Storm's BaseWindowedBolt options, under Storm's config keys).

#include <chrono>
#include <cstdint>
#include <string>
#include <variant>

#include "squall/api/config.hpp"

namespace squall {

// Its config keys (topology.bolts.window.*, ...) are in squall/api/config_keys.hpp.

/// A window extent in tuples.
struct Count {
  std::int64_t tuples = 0;
  friend bool operator==(Count, Count) = default;
};
/// A window extent in time.
using Duration = std::chrono::milliseconds;
/// A window length or slide interval: a number of tuples or a duration.
using WindowExtent = std::variant<Count, Duration>;

/// "100 tuples" or "5000 ms".
std::string describe(const WindowExtent& extent);
/// The extent's number: tuples for a Count, ms for a Duration.
inline std::int64_t extent_units(const WindowExtent& extent) noexcept {
  if (const auto* c = std::get_if<Count>(&extent)) return c->tuples;
  return std::get<Duration>(extent).count();
}
/// a / b rounded towards minus infinity (b > 0): window and pane arithmetic on any timestamps.
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/// The shape of a window, as in Storm's BaseWindowedBolt:
///
///   WindowSpec::sliding(Duration(300'000), Duration(1'000))   // 5 min every second
///       .with_timestamp_field("ts").with_lag(Duration(5'000));
///   WindowSpec::tumbling(Count{100});                         // every 100 tuples
///
/// Time windows are aligned to the epoch: a window ends at a multiple of the slide interval and
/// holds the tuples whose time t satisfies end - length <= t < end. On processing time t is the
/// arrival time; on event time it is the timestamp field, and a window is evaluated once the
/// watermark reaches its end.
struct WindowSpec {
  WindowExtent length = Count{1};
  WindowExtent slide = Count{1};
  /// Empty = processing time.
  std::string timestamp_field;
  Duration max_lag{0};
  Duration watermark_interval{1000};
  std::string late_tuple_stream = "late";
  /// Event time: wall-clock ms without input after which every open window is evaluated; 0 = never.
  Duration idle_timeout{0};

  static WindowSpec sliding(WindowExtent length, WindowExtent slide) {
    WindowSpec spec;  // member by member: aggregate init with members left out warns under -Wextra
    spec.length = length;
    spec.slide = slide;
    return spec;
  }
  static WindowSpec tumbling(WindowExtent length) { return sliding(length, length); }
  WindowSpec& with_timestamp_field(std::string field) { timestamp_field = std::move(field); return *this; }
  WindowSpec& with_lag(Duration lag) { max_lag = lag; return *this; }
  WindowSpec& with_watermark_interval(Duration interval) { watermark_interval = interval; return *this; }
  WindowSpec& with_late_tuple_stream(std::string stream) { late_tuple_stream = std::move(stream); return *this; }
  WindowSpec& with_idle_timeout(Duration timeout) { idle_timeout = timeout; return *this; }

  bool event_time() const noexcept { return !timestamp_field.empty(); }
  bool tumbling_window() const noexcept { return length == slide; }
  bool count_length() const noexcept { return std::holds_alternative<Count>(length); }
  bool count_slide() const noexcept { return std::holds_alternative<Count>(slide); }

  /// The spec as component config under Storm's keys (topology.bolts.*).
  Config to_config() const;
  /// The spec from config under Storm's keys. Throws TopologyError naming the key for a missing
  /// length, both a count and a duration given, a value < 1, or a count slide on event time
  /// (event-time windows slide by time).
  static WindowSpec from_config(const Config& config);
  /// "sliding window of 300000 ms every 1000 ms on event time (field ts, lag 5000 ms)".
  std::string to_string() const;
};

}  // namespace squall
