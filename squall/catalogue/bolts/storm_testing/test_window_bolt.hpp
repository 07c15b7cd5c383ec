#pragma once
// org.apache.storm.flux.examples.TestWindowBolt (Storm's flux-examples): a windowed bolt that emits
// the number of tuples in each window on field "count".

#include "squall/api/registry/component_settings.hpp"
#include "squall/windowing/windowed_bolt.hpp"

namespace squall::bolts {

class TestWindowBolt : public WindowedBolt {
 public:
  /// Setting "window" (Flux's `withWindow` config method): one extent (a tumbling window) or two
  /// (length, sliding interval), each a `BaseWindowedBolt$Count` or `$Duration` component
  /// ({"count": N} or {"duration_ms": N}). Throws SettingError for anything else.
  explicit TestWindowBolt(const ComponentSettings& settings);
  void declare_window_outputs(OutputFieldsDeclarer& declarer) const override { declarer.declare({"count"}); }
  void prepare(const TopologyContext&, WindowCollector& collector) override { out_ = &collector; }
  void execute(const TupleWindow& window) override;

 private:
  WindowCollector* out_ = nullptr;
};

}  // namespace squall::bolts
