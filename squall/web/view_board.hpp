#pragma once
// The result views of this process: what web sinks publish and the monitoring UI shows live.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/web/event_hub.hpp"

namespace squall::web {

/// How a view shows a stream's rows.
struct ViewSpec {
  std::string name;               ///< unique in the process; the UI's /view.html?name=
  std::string topology, component;  ///< where the rows come from
  std::string chart = "table";    ///< "table" (the latest rows), "top" (bars of the largest
                                  ///< values by key) or "series" (a numeric field over time)
  std::vector<std::string> fields;  ///< table: the columns (empty: every field)
  std::string key_field, value_field, label_field;  ///< top: bar key, bar length, a text beside it
  std::string time_field;         ///< series: x (Unix ms or any number; empty: arrival order)
  int top = 20;                   ///< top: bars shown
  /// {"name", "topology", "component", "chart", "fields", "keyField", "valueField",
  /// "labelField", "timeField", "top"}.
  nlohmann::json to_json() const;
};

/// A process-wide board of views, each with its hub of recent rows (JSON objects). The tasks of a
/// sink share their view; a view stays after its topology ends, so its last rows can still be seen.
class ViewBoard {
 public:
  /// The board of this process.
  static ViewBoard& instance();
  /// The hub of view `spec.name`, made (keeping `history` rows) at the first call; later calls
  /// (the sink's other tasks, a restart) get the same hub and replace the spec.
  std::shared_ptr<bolts::EventHub> open(const ViewSpec& spec, std::size_t history);
  /// Every view, by name.
  std::vector<ViewSpec> views() const;
  /// The hub of view `name`, or nullptr.
  std::shared_ptr<bolts::EventHub> hub(const std::string& name) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<ViewSpec, std::shared_ptr<bolts::EventHub>>> views_;
};

}  // namespace squall::web
