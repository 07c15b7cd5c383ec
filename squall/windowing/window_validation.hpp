#pragma once
// Rejects windows that could never complete: a window keeps its tuples un-acked until they expire,
// so they must fit inside the message timeout and max spout pending (Storm's
// WindowedBoltExecutor.validate).

#include <string>

#include "squall/api/config.hpp"
#include "squall/api/topology.hpp"

namespace squall {

/// Checks every windowed bolt of `topology` (a bolt whose config, built as its tasks will see it,
/// has a window length key) against `topology_config`:
/// - a time window: length + slide (ms) must be less than topology.message.timeout.secs, or the
///   spout times out tuples that are merely waiting in the window and replays them forever;
/// - a count window: length + slide (tuples) must not exceed topology.max.spout.pending when set,
///   or the spouts stop emitting before the window fills.
/// Skipped when acking is off (topology.acker.executors = 0): tuples are then acked as emitted.
/// Throws TopologyError naming each bolt, the two values and the fix; also for a malformed window
/// config (see WindowSpec::from_config).
void validate_windows(const Topology& topology, const Config& topology_config);

/// The problem validate_windows() would report for one component ("bolt 'x': ..."), or "" when it
/// has no window or its window fits. For tools that place each problem (e.g. at a YAML line).
std::string window_limit_problem(const ComponentDef& component, const Config& topology_config);

}  // namespace squall
