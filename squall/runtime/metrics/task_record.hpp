#pragma once
// Plain copies of task metrics: what a worker process reports to the supervisor, and what the
// supervisor (or a one-process run) sums into a MetricsSnapshot.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "squall/api/metrics/metric_registry.hpp"
#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::runtime {
struct TaskMetrics;
}

namespace squall::runtime {

/// A LogLinearHistogram's counts (ns buckets), copied so that they can be summed and shipped.
struct HistogramCounts {
  std::array<std::uint64_t, 64 * 16> buckets{};
  std::uint64_t count = 0;
  double sum = 0;  ///< ns
  void add(const HistogramCounts& other);
  void add(const LogLinearHistogram& h) { h.merge_into(buckets, count, sum); }
};

/// A user metric's reading in a TaskRecord.
struct UserMetricRecord {
  std::string name;
  MetricKind kind = MetricKind::counter;
  double value = 0;                               ///< counter, gauge
  std::shared_ptr<const HistogramCounts> histogram;  ///< histograms only
};

/// A task's emits on one stream.
struct StreamRecord {
  std::string stream;
  std::uint64_t emitted = 0, transferred = 0;
};

/// One task's counters and latency histograms at one moment.
struct TaskRecord {
  std::string component;
  int task = -1;
  std::string kind;  ///< "spout", "bolt" or "acker"
  std::uint64_t emitted = 0, transferred = 0, executed = 0, acked = 0, failed = 0, timed_out = 0, errors = 0;
  std::uint64_t dead_lettered = 0;  ///< spouts: given up after topology.max.replays (see docs/reliability.md)
  std::uint64_t queue_depth = 0;
  std::uint64_t backpressure_ns = 0;  ///< the executor's time blocked on full queues (its first task's record)
  HistogramCounts execute_latency, complete_latency;
  std::vector<StreamRecord> streams;  ///< emitted and transferred split by stream (they sum to the totals)
  std::vector<TaskError> recent_errors;  ///< the last RecentErrors::kKept, oldest first
  std::vector<UserMetricRecord> user_metrics;  ///< by name
  /// How add() treats levels (the queue depth, gauges): a later incarnation of the same task
  /// replaces them; another task of a component adds to them.
  enum class Merge { same_task, component_total };
  /// Adds another record's counters, histograms, levels and errors (the last 10 by time).
  void add(const TaskRecord& other, Merge how = Merge::same_task);
};

/// A task's emits, transfers and stream counts as read now, into `record`.
void read_stream_counts(const TaskMetrics& metrics, TaskRecord& record);
/// A task's user metrics as read now.
std::vector<UserMetricRecord> read_user_metrics(const MetricRegistry& registry);

/// Per-task stats (records merged by task id) and component totals, latencies over the merged
/// histograms.
MetricsSnapshot snapshot_of(std::string topology, double uptime_secs, std::uint64_t pending,
                            const std::vector<TaskRecord>& records);

}  // namespace squall::runtime
