#pragma once
// AggregationBolt (squall.bolts.AggregationBolt): keyed aggregates configured in a topology file,
// over windows or as running totals since start. No C++ needed.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "squall/catalogue/bolts/aggregation/aggregate_spec.hpp"
#include "squall/catalogue/bolts/aggregation/key_table.hpp"
#include "squall/catalogue/bolts/aggregation/pane_aggregator.hpp"
#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/windowing/window_clock.hpp"

namespace squall::bolts {

/// Settings:
/// - `group.by` (list<string>, default none: one global key): the key fields;
/// - `aggregates` (list<string>, default [count]): see parse_aggregate(), e.g.
///   ["count", "sum(bytes)", "approx_distinct(user) as users"];
/// - the window: `window.length.ms` or `window.length.count`, and `window.slide.ms` or
///   `window.slide.count` (none = tumbling); both counts or both durations. No length = running
///   totals since start (Spark's updateStateByKey);
/// - event time: `timestamp.field` (int ms), `max.lag.ms` (default 0), `watermark.interval.ms`
///   (default 1000), `late.stream` (default "late"), `idle.timeout.ms` (default 0 = off: after
///   this long without input every open window is evaluated, for finite inputs);
/// - `top.n` (int, default 0 = every key) and `top.by` (an aggregate's output name, default the
///   first): emit only the n keys with the largest value, ranked 1..n;
/// - `hll.precision` (4..16, default 12) for approx_distinct.
///
/// Windows emit, per evaluation, one tuple per key: ("window_start", "window_end", key fields...,
/// aggregate fields...), with "rank" first when top.n is set; times in ms (count windows: tuple
/// sequence numbers). Running totals emit the key's new totals for every input: (key fields...,
/// aggregate fields...). A windowed input is acked when it leaves the last window holding it; an
/// output is anchored to its key's inputs that entered the window with that evaluation, so a
/// downstream failure replays them (at least once: a replayed input counts again). A tuple whose
/// value cannot be aggregated (text for sum, ...) goes to the "errors" stream ("reason",
/// "values": JSON) and is acked; late tuples go to the late stream (late_tuples.hpp).
/// Throws SettingError for bad settings; prepare() throws TopologyError for a key or aggregate
/// field an input stream lacks.
class AggregationBolt : public Bolt {
 public:
  explicit AggregationBolt(const ComponentSettings& settings);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

 private:
  void execute_running(const Tuple& input, const std::string& code, const Values& key);
  void emit_window(const aggregation::WindowResult& result);
  bool check_inputs(const Tuple& input);

  Fields group_by_;
  std::vector<aggregation::AggregateSpec> aggregates_;
  std::optional<WindowSpec> window_;
  std::size_t top_n_ = 0;
  std::size_t top_by_ = 0;
  int hll_precision_ = 12;

  OutputCollector* out_ = nullptr;
  std::unique_ptr<WindowClock> clock_;
  std::unique_ptr<aggregation::PaneAggregator> panes_;
  aggregation::PaneAggregator::Evaluate on_window_;
  aggregation::PaneAggregator::Expire on_expire_;
  aggregation::KeyTable totals_;  // running totals
  std::vector<const Value*> inputs_;
  std::string code_;
};

}  // namespace squall::bolts
