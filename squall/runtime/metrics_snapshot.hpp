#pragma once
// A point-in-time copy of a topology's metrics, per task and per component.

#include <cstdint>
#include <string>
#include <vector>

namespace squall {

/// An error a task reported (report_error) or threw.
struct TaskError {
  int task = -1;
  std::string message;
  std::int64_t unix_ms = 0;  ///< when, Unix time in ms
};

/// A distribution as Prometheus histogram buckets: how many values were at most each bound.
/// Counted from ~6%-wide log-linear buckets (LogLinearHistogram), a bucket counting under a bound
/// only when its whole range is under it.
struct HistogramBuckets {
  std::vector<double> bounds;            ///< upper bounds, ascending (+Inf is implied: `count`)
  std::vector<std::uint64_t> cumulative;  ///< values ≤ bounds[i]
  std::uint64_t count = 0;
  double sum = 0;
};

/// A task's (or a component's) emits on one of its output streams.
struct StreamStats {
  std::string stream;
  std::uint64_t emitted = 0, transferred = 0;
};

/// A user metric (TopologyContext::register_counter & co.) of one task, or summed over a
/// component's tasks.
struct UserMetric {
  std::string name;
  std::string kind;  ///< "counter", "gauge" or "histogram"
  double value = 0;  ///< counter: count; gauge: value (a component's: the tasks' sum); histogram: count
  double sum = 0, mean = 0, p50 = 0, p99 = 0, max = 0;  ///< histograms: of the values recorded
};

/// Counters and latencies of one task, or summed over a component's tasks.
struct TaskStats {
  std::string component;
  int task = -1;  ///< -1 in component totals
  std::string kind;  ///< "spout", "bolt" or "acker"
  std::uint64_t emitted = 0, transferred = 0, executed = 0, acked = 0, failed = 0, timed_out = 0, errors = 0;
  std::uint64_t dead_lettered = 0;  ///< spouts: given up after topology.max.replays (see docs/reliability.md)
  std::uint64_t queue_depth = 0;  ///< envelopes queued for the task's executor (tuples, acks)
  /// Seconds the task's executor waited on receivers' full queues (backpressure), on its first
  /// task; a component's is its executors' sum.
  double backpressure_secs = 0;
  double execute_latency_mean_us = 0, execute_latency_p99_us = 0;  ///< bolts, sampled
  double complete_latency_mean_ms = 0, complete_latency_p50_ms = 0, complete_latency_p99_ms = 0;  ///< spouts
  std::string last_error;                ///< the latest report_error or exception ("" when none)
  std::int64_t last_error_unix_ms = 0;  ///< its Unix time, ms (0: none)
  std::vector<StreamStats> streams;  ///< `emitted` and `transferred` split by output stream
  std::vector<TaskError> recent_errors;  ///< the last 10 (a component's: over its tasks), oldest first
  std::vector<UserMetric> user_metrics;  ///< by name
  /// Latency distributions in seconds, for Prometheus: bolts' sampled execute latency, spouts'
  /// complete latency.
  HistogramBuckets execute_latency_seconds, complete_latency_seconds;
  const UserMetric* user_metric(const std::string& name) const;
};

/// Storm-style metrics of a running or finished topology.
struct MetricsSnapshot {
  std::string topology;
  std::string status = "ACTIVE";  ///< Storm's: "ACTIVE", "INACTIVE" (deactivated) or "KILLED" (stopping)
  double uptime_secs = 0;
  std::uint64_t pending = 0;  ///< spout tuples not yet acked or failed
  int workers = 1;                     ///< worker processes
  std::uint64_t worker_restarts = 0;   ///< workers the supervisor restarted (exited, killed or silent)
  std::uint64_t malformed_frames = 0;  ///< frames from other workers that did not decode (dropped)
  std::uint64_t refused_peers = 0;     ///< peers refused by CURVE authentication
  std::vector<TaskStats> components;
  std::vector<TaskStats> tasks;

  const TaskStats* component(const std::string& id) const;
  /// The snapshot as one JSON object: {"topology", "uptime_secs", "pending", "workers",
  /// "worker_restarts", "malformed_frames", "refused_peers", "components": [...], "tasks": [...]}.
  std::string to_json() const;
  /// A fixed-width table, one row per component, for the end of a run.
  std::string summary_table() const;
  /// One progress line, with rates computed against `previous`.
  std::string progress_line(const MetricsSnapshot& previous) const;
};

}  // namespace squall
