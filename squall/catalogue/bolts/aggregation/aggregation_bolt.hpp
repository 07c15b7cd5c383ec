#pragma once
// AggregationBolt (squall.bolts.AggregationBolt): keyed aggregates configured in a topology file,
// over windows or as running totals since start. No C++ needed.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "squall/catalogue/bolts/aggregation/aggregate_spec.hpp"
#include "squall/catalogue/bolts/aggregation/key_table.hpp"
#include "squall/catalogue/bolts/aggregation/pane_aggregator.hpp"
#include "squall/api/state/stateful_bolt.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/windowing/window_clock.hpp"

namespace squall::bolts {

/// Aggregates (parse_aggregate()) look like ["count", "sum(bytes)", "approx_distinct(user) as
/// users"]. A window's length and slide are both counts or both durations; no length means
/// running totals since start (Spark's updateStateByKey). With top.n only the n keys with the
/// largest top.by are emitted, ranked 1..n.
///
/// Windows emit, per evaluation, one tuple per key: ("window_start", "window_end", key fields...,
/// aggregate fields...), with "rank" first when top.n is set; times in ms (count windows: tuple
/// sequence numbers). Running totals emit the key's new totals for every input: (key fields...,
/// aggregate fields...). A windowed input is acked when it leaves the last window holding it; an
/// output is anchored to its key's inputs that entered the window with that evaluation, so a
/// downstream failure replays them (at least once: a replayed input counts again). A tuple whose
/// value cannot be aggregated (text for sum, ...) goes to the "errors" stream ("reason",
/// "values": JSON) and is acked; late tuples go to the late stream (late_tuples.hpp).
/// With `stateful: true` the running totals, or the windows' panes and event-time progress, are
/// the bolt's checkpointed state (topology.state.provider; docs/state.md): they survive a killed
/// worker or a restart, and are exactly-once when the spouts can rewind. Inputs are then acked at
/// once (their effect is in the state, so the checkpoint decides), and window results are emitted
/// unanchored.
/// Throws SettingError for bad settings; prepare() throws TopologyError for a key or aggregate
/// field an input stream lacks.
class AggregationBolt : public StatefulBolt {
 public:
  struct Settings {
    std::vector<std::string> group_by;
    std::vector<std::string> aggregates{"count"};
    std::optional<std::int64_t> window_length_ms, window_length_count, window_slide_ms, window_slide_count;
    std::string timestamp_field;
    std::int64_t max_lag_ms = 0;
    std::int64_t watermark_interval_ms = 1000;
    std::string late_stream = "late";
    std::int64_t idle_timeout_ms = 0;
    std::int64_t top_n = 0;
    std::optional<std::string> top_by;
    std::int64_t hll_precision = 12;
    bool stateful = false;
    void describe(SettingsSchema& s) {
      s.add(group_by, "group.by", "key fields (none: one global key)");
      s.add(aggregates, "aggregates",
            "count, sum(F), min(F), max(F), mean(F), distinct(F), approx_distinct(F), each optionally 'as NAME'");
      s.add(window_length_ms, "window.length.ms", "window length in ms");
      s.add(window_length_count, "window.length.count", "window length in tuples");
      s.add(window_slide_ms, "window.slide.ms", "slide interval in ms (default: tumbling)");
      s.add(window_slide_count, "window.slide.count", "slide interval in tuples (default: tumbling)");
      s.add(timestamp_field, "timestamp.field", "event-time field (int ms); empty = processing time");
      s.add(max_lag_ms, "max.lag.ms", "how far event time may lag the newest timestamp");
      s.add(watermark_interval_ms, "watermark.interval.ms", "ms between watermarks");
      s.add(late_stream, "late.stream", "stream for tuples behind the watermark");
      s.add(idle_timeout_ms, "idle.timeout.ms",
            "event time: evaluate every open window after this long without input (0 = never)");
      s.add(top_n, "top.n", "emit only the N keys with the largest top.by (0 = all)");
      s.add(top_by, "top.by", "aggregate output field to rank by (default: the first)");
      s.add(hll_precision, "hll.precision", "HyperLogLog precision for approx_distinct (4..16)");
      s.add(stateful, "stateful",
            "keep the totals or windows in the topology's state provider (checkpointed; they survive restarts)");
    }
  };
  explicit AggregationBolt(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit AggregationBolt(const ComponentSettings& settings) : AggregationBolt(read_settings<Settings>(settings)) {}

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  Config component_configuration() const override;
  /// Takes the totals or windows from `state` (stateful only).
  void init_state(KeyValueState& state) override;
  /// Writes the keys and panes changed since the last checkpoint into the state.
  void pre_prepare(std::int64_t txid) override;
  /// The state is going back to the last checkpoint: read it again before the next tuple.
  void pre_rollback() override;
  bool keeps_state() const override { return stateful_; }

  static void register_in(ComponentRegistry& registry);

 private:
  void execute_running(const Tuple& input, const std::string& code, const Values& key);
  void emit_window(const aggregation::WindowResult& result);
  bool check_inputs(const Tuple& input);
  /// The running totals of `code` (read from the state the first time, when stateful).
  aggregation::KeyState& totals_of(const std::string& code, const Values& key);
  /// Reads the windows back from the state (stateful windows).
  void restore_windows();

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
  bool stateful_ = false;
  KeyValueState* state_ = nullptr;
  std::unordered_set<std::string> changed_;  // running totals changed since the last checkpoint
  std::set<std::int64_t> stored_panes_;      // pane indexes the state holds
  bool reread_ = false;                      // rolled back: read the state again
};

}  // namespace squall::bolts
