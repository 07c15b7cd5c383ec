#pragma once
// Storm UI's REST API documents built from squall's metrics, with Storm's paths' JSON field names
// and types (Storm's docs, "Storm UI REST API", https://storm.apache.org/releases/2.6.0/STORM-UI-REST-API.html).

#include <vector>

#include <nlohmann/json.hpp>

#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::web {

/// /api/v1/topology/summary: {"topologies": [{"id", "name", "status", "uptime", "uptimeSeconds",
/// "tasksTotal", "workersTotal", "executorsTotal"}]}. A local topology's id is its name.
nlohmann::json storm_topology_summary(const std::vector<MetricsSnapshot>& topologies);
/// /api/v1/cluster/summary: {"stormVersion", "supervisors", "topologies", "slotsTotal",
/// "slotsUsed", "slotsFree", "executorsTotal", "tasksTotal"} (local mode: one supervisor, this process).
nlohmann::json storm_cluster_summary(const std::vector<MetricsSnapshot>& topologies);
/// /api/v1/topology/:id?window=:all-time: the summary fields plus "topologyStats" (one window,
/// ":all-time"), "spouts" and "bolts" with Storm's per-component fields. Latencies are strings
/// of milliseconds with three decimals, as Storm writes them; "capacity" is Storm's (the share of
/// the time the component's tasks spent executing: executed × mean execute latency ÷ uptime,
/// averaged over its tasks), over the topology's whole life.
nlohmann::json storm_topology(const MetricsSnapshot& topology);

}  // namespace squall::web
