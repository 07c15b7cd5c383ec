#include "squall/windowing/windowed_bolt.hpp"

#include <fmt/format.h>

#include "squall/windowing/late_tuples.hpp"

namespace squall {

void WindowedBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declare_window_outputs(declarer);
  declarer.declare_stream(spec_.late_tuple_stream, late_tuple_fields());
}

void WindowedBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  spec_ = WindowSpec::from_config(context.config());
  collector_.emplace(collector);
  manager_ = std::make_unique<WindowManager>(spec_, [this](const Tuple& t) { collector_->underlying().ack(t); });
  clock_ = std::make_unique<WindowClock>(spec_, context);
  listener_ = [this](TupleWindow& window) { on_window(window); };
  prepare(context, *collector_);
}

void WindowedBolt::on_window(TupleWindow& window) {
  if (!window.tuples.empty()) {
    collector_->set_window(window.tuples);
    try {
      execute(static_cast<const TupleWindow&>(window));
    } catch (const std::exception& e) {
      collector_->report_error(fmt::format("window [{}, {}) of {} tuples failed: {}", window.start_ms, window.end_ms,
                                           window.tuples.size(), e.what()));
      for (const auto& t : window.tuples) collector_->underlying().fail(t);
    }
    collector_->set_window({});
  }
}

void WindowedBolt::execute(const Tuple& input) {
  // Processing time moves on every tuple; event time only when a tick takes a new watermark.
  if (input.is_tick() || !spec_.event_time())
    if (auto now = clock_->advance()) manager_->advance_to(*now, listener_);
  if (input.is_tick()) return;
  if (auto time = clock_->time_of(input, collector_->underlying())) manager_->add(input, *time, listener_);
}

}  // namespace squall
