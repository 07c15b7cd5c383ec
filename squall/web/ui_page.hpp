#pragma once
// The monitoring UI: one HTML page with its script and styles, no external resources.

#include <string>

namespace squall::web {

/// The page MonitorServer serves at /, /topology.html?id=ID and /component.html?topology_id=ID&id=C
/// (Storm UI's page names). It reads the REST API and the event stream of the topology:
///   - index: the cluster's and the topologies' summaries, refreshed every 2 s;
///   - topology: the graph (SVG: spouts and bolts, streams labelled with stream, grouping and
///     rate, widths by rate), spouts' and bolts' tables with rate charts of the last 5 minutes,
///     user metrics, the last error, and activate / deactivate / kill buttons when actions are on;
///   - component: its tasks with their counters, latencies, capacity and queue depth, its last 10
///     errors and its user metrics;
///   - view (/view.html?name=): a web sink's rows as a table, top-N bars or a time series.
/// ?frames=N stops the live updates after N events (a headless browser's capture then ends).
/// Elements tests and scripts may rely on carry data-* attributes: data-component, data-edge
/// ("source->target:stream"), data-counter, data-task, data-error, data-metric, data-view, data-bar.
const std::string& ui_page();

}  // namespace squall::web
