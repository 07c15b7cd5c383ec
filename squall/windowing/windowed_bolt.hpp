#pragma once
// A bolt that processes windows of tuples instead of single tuples (Storm's IWindowedBolt /
// BaseWindowedBolt). Extend it:
//
//   class Average : public squall::WindowedBolt {
//    public:
//     Average() : WindowedBolt(WindowSpec::sliding(Duration(10'000), Duration(1'000))) {}
//     void declare_window_outputs(OutputFieldsDeclarer& d) const override { d.declare({"avg"}); }
//     void prepare(const TopologyContext&, WindowCollector& c) override { out_ = &c; }
//     void execute(const TupleWindow& w) override {
//       double sum = 0;
//       for (const auto& t : w.get()) sum += t.get_double("value");
//       out_->emit({sum / static_cast<double>(w.get().size())});   // anchored to the window
//     }
//    private:
//     WindowCollector* out_ = nullptr;
//   };

#include <memory>
#include <optional>

#include "squall/api/bolt.hpp"
#include "squall/windowing/tuple_window.hpp"
#include "squall/windowing/window_clock.hpp"
#include "squall/windowing/window_collector.hpp"
#include "squall/windowing/window_manager.hpp"
#include "squall/windowing/window_spec.hpp"

namespace squall {

/// The window is given at construction and reaches the runtime as component config under Storm's
/// keys (topology.bolts.*), so a topology's per-component config can override it. Tuples are
/// acked when they leave the window; an emit during execute(TupleWindow) is anchored to the
/// window's tuples. On event time a tuple with a timestamp below the watermark is emitted on the
/// late-tuple stream (late_tuples.hpp), anchored to it, and acked; a tuple whose timestamp field
/// is missing or not an int is reported (logged, counted) and acked. If execute(TupleWindow)
/// throws, the error is reported and the window's tuples are failed, so their spouts replay them.
/// The topology is rejected when the window cannot fit its message timeout or max spout pending
/// (window_validation.hpp).
class WindowedBolt : public Bolt {
 public:
  explicit WindowedBolt(WindowSpec spec) : spec_(std::move(spec)) {}

  /// Declares the bolt's own output streams; the late-tuple stream is declared for you.
  virtual void declare_window_outputs(OutputFieldsDeclarer& declarer) const { (void)declarer; }
  /// Called once before the first window; keep the collector for emitting.
  virtual void prepare(const TopologyContext& context, WindowCollector& collector) {
    (void)context;
    (void)collector;
  }
  /// Processes one window evaluation: get() every tuple in it, get_new() and get_expired() since
  /// the last evaluation. Called only for windows holding at least one tuple.
  virtual void execute(const TupleWindow& window) = 0;

  /// The window in force: the constructor's, overridden by component config after prepare.
  const WindowSpec& window_spec() const noexcept { return spec_; }
  /// The current watermark (ms) on event time; WatermarkTracker::kNone before the first one.
  std::int64_t watermark() const noexcept { return clock_ ? clock_->watermark() : WatermarkTracker::kNone; }

  void declare_output_fields(OutputFieldsDeclarer& declarer) const final;
  void prepare(const TopologyContext& context, OutputCollector& collector) final;
  void execute(const Tuple& input) final;
  /// window_component_config(): the window under Storm's keys, and ticks to drive it.
  Config component_configuration() const final { return window_component_config(spec_); }

 private:
  void on_window(TupleWindow& window);

  WindowSpec spec_;
  std::optional<WindowCollector> collector_;
  std::unique_ptr<WindowManager> manager_;
  std::unique_ptr<WindowClock> clock_;
  WindowManager::Listener listener_;
};

}  // namespace squall
