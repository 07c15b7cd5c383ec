#pragma once
// Storm UI's REST API documents built from squall's metrics, with Storm's paths' JSON field names
// and types (Storm's docs, "Storm UI REST API", https://storm.apache.org/releases/2.6.0/STORM-UI-REST-API.html).
// Counts cover a window of Storm's (600, 10800, 86400 seconds: metrics_history.hpp) or the
// topology's whole life (":all-time").

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::web {

/// Where the topologies run, for the cluster, Nimbus and supervisor summaries.
struct ClusterFacts {
  std::string host = "127.0.0.1";
  int port = 0;  ///< the UI's port
  double uptime_secs = 0;  ///< of the process serving the API
};

/// /api/v1/topology/summary: {"topologies": [{"id", "name", "status", "uptime", "uptimeSeconds",
/// "tasksTotal", "workersTotal", "executorsTotal"}]}. A local topology's id is its name.
nlohmann::json storm_topology_summary(const std::vector<MetricsSnapshot>& topologies);
/// /api/v1/cluster/summary: {"stormVersion", "supervisors", "topologies", "slotsTotal",
/// "slotsUsed", "slotsFree", "executorsTotal", "tasksTotal"} (local mode: one supervisor, this process).
nlohmann::json storm_cluster_summary(const std::vector<MetricsSnapshot>& topologies);
/// /api/v1/nimbus/summary: {"nimbuses": [{"host", "port", "status": "Leader", "version",
/// "nimbusUpTime", "nimbusUpTimeSeconds"}]} (local mode: this process).
nlohmann::json storm_nimbus_summary(const ClusterFacts& facts);
/// /api/v1/supervisor/summary: {"supervisors": [{"id", "host", "uptime", "uptimeSeconds",
/// "slotsTotal", "slotsUsed"}]}.
nlohmann::json storm_supervisor_summary(const std::vector<MetricsSnapshot>& topologies, const ClusterFacts& facts);
/// A topology's metrics over Storm UI's windows: (window, its counts) for "600", "10800", "86400"
/// (MetricsHistory::window) and ":all-time".
using WindowedMetrics = std::vector<std::pair<std::string, MetricsSnapshot>>;

/// /api/v1/topology/:id?window=W: the summary fields (of `topology`, all-time), "window",
/// "windowHint", "topologyStats" (one entry per window of `windows`, or ":all-time" alone when it
/// is empty), "spouts" and "bolts" with Storm's per-component fields over window `window` (its
/// entry in `windows`, else all-time), and squall's "userMetrics" ({name: value}), "queueDepth"
/// and "backpressureSecs" (time its executors waited on full queues downstream). Latencies are
/// all-time, strings of milliseconds with three decimals as Storm writes them.
nlohmann::json storm_topology(const MetricsSnapshot& topology, const WindowedMetrics& windows = {},
                              const std::string& window = ":all-time");
/// /api/v1/topology/:id/component/:component: {"id", "name", "componentType", "topologyId",
/// "topologyStatus", "executors", "tasks", "componentErrors": [{"time", "errorHost", "errorPort",
/// "errorLapsedSecs", "error"}] (the last 10, newest first), "executorStats": [one per task, with
/// "id" "[task-task]", "emitted", "transferred", "acked", "failed", "executed", "executeLatency",
/// "processLatency", "completeLatency", "capacity", "queueDepth"], "outputStats": [{"stream",
/// "emitted", "transferred"}], "userMetrics"}. Null for an unknown component.
/// `topology` holds the counts of window `window` (MetricsHistory::window).
nlohmann::json storm_component(const MetricsSnapshot& topology, const std::string& component, const ClusterFacts& facts,
                               const std::string& window = ":all-time");
/// /api/v1/topology/:id/metrics: {"window", "window-hint", "spouts": [{"id", "emitted",
/// "transferred", "acked", "failed", "complete_ms_avg"}], "bolts": [{"id", "emitted",
/// "transferred", "acked", "failed", "executed", "executed_ms_avg", "process_ms_avg"}]}; each
/// count is [{"stream_id", "value"}]: per output stream for emitted and transferred, one entry
/// ":all" for the others (squall counts acks, fails and latencies per task, not per input stream).
/// `topology` holds the counts of window `window`.
nlohmann::json storm_topology_metrics(const MetricsSnapshot& topology, const std::string& window = ":all-time");

/// Storm's capacity of a bolt: the share of the time its tasks spent executing (executed × mean
/// execute latency ÷ uptime, averaged over its tasks), over the topology's life. 0 for a spout.
double capacity_of(const MetricsSnapshot& topology, const TaskStats& component);

}  // namespace squall::web
