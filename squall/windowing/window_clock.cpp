#include "squall/windowing/window_clock.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/windowing/late_tuples.hpp"

namespace squall {

std::int64_t processing_time_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Config window_component_config(const WindowSpec& spec) {
  Config config = spec.to_config();
  double tick_ms = 0;
  if (spec.event_time())
    tick_ms = static_cast<double>(spec.watermark_interval.count());
  else if (!spec.count_slide())
    tick_ms = std::clamp(static_cast<double>(std::get<Duration>(spec.slide).count()) / 10.0, 1.0, 100.0);
  if (tick_ms > 0) config.set(config_keys::kTickTupleFreqSecs, tick_ms / 1000.0);
  return config;
}

WindowClock::WindowClock(const WindowSpec& spec, const TopologyContext& context)
    : timestamp_field_(spec.timestamp_field), late_stream_(spec.late_tuple_stream) {
  if (!spec.event_time()) return;
  idle_timeout_ms_ = spec.idle_timeout.count();
  auto span = [](const WindowExtent& e) { return std::holds_alternative<Duration>(e) ? extent_units(e) : 0; };
  flush_span_ms_ = span(spec.length) + span(spec.slide);
  last_input_ms_ = processing_time_ms();
  std::vector<WatermarkTracker::StreamId> inputs;
  for (const auto& in : context.inputs()) inputs.emplace_back(in.component, in.stream);
  tracker_ = std::make_unique<WatermarkTracker>(std::move(inputs), spec.max_lag.count());
}

std::optional<std::int64_t> WindowClock::time_of(const Tuple& input, OutputCollector& out) {
  if (!tracker_) return processing_time_ms();
  if (idle_timeout_ms_ > 0) last_input_ms_ = processing_time_ms();
  std::int64_t timestamp = 0;
  try {
    timestamp = input.get_int(timestamp_field_);
  } catch (const Error& e) {
    ++malformed_;
    out.report_error(fmt::format("no event time in {}: {}", input.to_string(), e.what()));
    out.ack(input);
    return std::nullopt;
  }
  if (!tracker_->track(input.source_component(), input.source_stream(), timestamp)) {
    ++late_;
    out.emit(late_stream_, input, late_tuple_values(input, timestamp, tracker_->watermark()));
    out.ack(input);
    return std::nullopt;
  }
  return timestamp;
}

std::optional<std::int64_t> WindowClock::advance() {
  if (!tracker_) return processing_time_ms();
  if (tracker_->advance()) return tracker_->watermark();
  if (idle_timeout_ms_ > 0 && tracker_->newest() != WatermarkTracker::kNone &&
      processing_time_ms() - last_input_ms_ >= idle_timeout_ms_ &&
      tracker_->force(tracker_->newest() + flush_span_ms_ + 1))
    return tracker_->watermark();
  return std::nullopt;
}

}  // namespace squall
