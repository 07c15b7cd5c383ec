#include "squall/windowing/window_spec.hpp"

#include <optional>

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {
namespace {

// A window extent from its count key or its duration key; both or (when `required`) neither is
// an error.
std::optional<WindowExtent> read_extent(const Config& config, std::string_view count_key, std::string_view ms_key,
                                        bool required) {
  bool has_count = config.contains(count_key), has_ms = config.contains(ms_key);
  if (has_count && has_ms)
    throw TopologyError(fmt::format("window: set {} or {}, not both", count_key, ms_key));
  if (!has_count && !has_ms) {
    if (required) throw TopologyError(fmt::format("window: no length: set {} or {}", count_key, ms_key));
    return std::nullopt;
  }
  auto key = has_count ? count_key : ms_key;
  std::int64_t value = config.get_int(key, 0);
  if (value < 1) throw TopologyError(fmt::format("window: {} must be at least 1, not {}", key, value));
  if (has_count) return WindowExtent{Count{value}};
  return WindowExtent{Duration(value)};
}

}  // namespace

std::string describe(const WindowExtent& extent) {
  if (const auto* c = std::get_if<Count>(&extent)) return fmt::format("{} tuples", c->tuples);
  return fmt::format("{} ms", std::get<Duration>(extent).count());
}

Config WindowSpec::to_config() const {
  Config c;
  auto put = [&](const WindowExtent& e, std::string_view count_key, std::string_view ms_key) {
    if (const auto* n = std::get_if<Count>(&e)) c.set(count_key, n->tuples);
    else c.set(ms_key, std::get<Duration>(e).count());
  };
  put(length, config_keys::kWindowLengthCount, config_keys::kWindowLengthDurationMs);
  put(slide, config_keys::kSlidingIntervalCount, config_keys::kSlidingIntervalDurationMs);
  if (event_time()) {
    c.set(config_keys::kTupleTimestampField, timestamp_field);
    c.set(config_keys::kTupleTimestampMaxLagMs, max_lag.count());
    c.set(config_keys::kWatermarkEventIntervalMs, watermark_interval.count());
    if (idle_timeout.count() > 0) c.set(config_keys::kWindowIdleTimeoutMs, idle_timeout.count());
  }
  c.set(config_keys::kLateTupleStream, late_tuple_stream);
  return c;
}

WindowSpec WindowSpec::from_config(const Config& config) {
  WindowSpec spec;
  spec.length = *read_extent(config, config_keys::kWindowLengthCount, config_keys::kWindowLengthDurationMs, true);
  spec.slide = read_extent(config, config_keys::kSlidingIntervalCount, config_keys::kSlidingIntervalDurationMs, false)
                   .value_or(spec.length);
  spec.timestamp_field = config.get(config_keys::kTupleTimestampField);
  spec.max_lag = Duration(config.get(config_keys::kTupleTimestampMaxLagMs));
  spec.watermark_interval = Duration(config.get(config_keys::kWatermarkEventIntervalMs));
  spec.late_tuple_stream = config.get(config_keys::kLateTupleStream);
  spec.idle_timeout = Duration(config.get(config_keys::kWindowIdleTimeoutMs));
  if (spec.max_lag.count() < 0)
    throw TopologyError(fmt::format("window: {} must be 0 or more", config_keys::kTupleTimestampMaxLagMs));
  if (spec.watermark_interval.count() < 1)
    throw TopologyError(fmt::format("window: {} must be at least 1", config_keys::kWatermarkEventIntervalMs));
  if (spec.event_time() && spec.count_slide())
    throw TopologyError(fmt::format(
        "window: an event-time window slides by time; set {} instead of {}", config_keys::kSlidingIntervalDurationMs,
        config_keys::kSlidingIntervalCount));
  if (spec.late_tuple_stream.empty())
    throw TopologyError(fmt::format("window: {} must name a stream", config_keys::kLateTupleStream));
  return spec;
}

std::string WindowSpec::to_string() const {
  std::string s = tumbling_window() ? fmt::format("tumbling window of {}", describe(length))
                                    : fmt::format("sliding window of {} every {}", describe(length), describe(slide));
  if (event_time())
    s += fmt::format(" on event time (field {}, lag {} ms)", timestamp_field, max_lag.count());
  else
    s += " on processing time";
  return s;
}

}  // namespace squall
