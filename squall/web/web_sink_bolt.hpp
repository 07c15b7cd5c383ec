#pragma once
// WebSinkBolt (squall.bolts.WebSinkBolt): shows any stream live in the monitoring UI
// (`squall run --ui`) as a table of the latest rows, a top-N bar chart or a time series.

#include <memory>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/web/view_board.hpp"

namespace squall::bolts {

/// Publishes each input tuple, as a JSON object of its fields, to the view `view` of this
/// process's ViewBoard; the UI lists the views on the topology page and draws one at
/// /view.html?name=VIEW. The view lives in the process that runs the sink's task: with
/// topology.workers > 1 the UI (in the submitting process) does not see it. A tuple whose
/// chosen field is missing is published as it is (the page skips it for the chart).
class WebSinkBolt : public BasicBolt {
 public:
  struct Settings {
    std::string view;  ///< "" = the component's id
    std::string chart = "table";
    std::vector<std::string> fields;
    std::string key_field, value_field, label_field, time_field;
    std::int64_t top = 20;
    std::int64_t history = 500;
    void describe(SettingsSchema& s) {
      s.add(view, "view", "the view's name in the UI (default: the component's id)");
      s.add(chart, "chart", "table (latest rows), top (bars of the largest value.field by key.field) or series "
                            "(value.field over time.field)");
      s.add(fields, "fields", "table: the columns shown (default: every field)");
      s.add(key_field, "key.field", "top: the field naming a bar");
      s.add(value_field, "value.field", "top: the bar's length; series: the plotted number");
      s.add(label_field, "label.field", "top: a field shown beside the bar (optional)");
      s.add(time_field, "time.field", "series: the x axis (Unix ms or any number; default: arrival order)");
      s.add(top, "top", "top: bars shown");
      s.add(history, "history", "rows a newly opened page receives");
    }
  };
  /// Throws SettingError for an unknown chart, or a top/series chart without value.field (or a
  /// top chart without key.field).
  explicit WebSinkBolt(const Settings& settings);
  explicit WebSinkBolt(const ComponentSettings& settings) : WebSinkBolt(read_settings<Settings>(settings)) {}

  void prepare(const TopologyContext& context) override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;

  static void register_in(ComponentRegistry& registry);

 private:
  Settings settings_;
  std::shared_ptr<EventHub> hub_;
};

}  // namespace squall::bolts
