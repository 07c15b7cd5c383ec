#pragma once
// Plain copies of task metrics: what a worker process reports to the supervisor, and what the
// supervisor (or a one-process run) sums into a MetricsSnapshot.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "squall/runtime/metrics/latency_histogram.hpp"
#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::runtime {

/// A LatencyHistogram's counts (ns buckets), copied so that they can be summed and shipped.
struct HistogramCounts {
  std::array<std::uint64_t, 64 * 16> buckets{};
  std::uint64_t count = 0;
  double sum = 0;  ///< ns
  void add(const HistogramCounts& other);
  void add(const LatencyHistogram& h) { h.merge_into(buckets, count, sum); }
};

/// One task's counters and latency histograms at one moment.
struct TaskRecord {
  std::string component;
  int task = -1;
  std::string kind;  ///< "spout", "bolt" or "acker"
  std::uint64_t emitted = 0, transferred = 0, executed = 0, acked = 0, failed = 0, timed_out = 0, errors = 0;
  std::uint64_t dead_lettered = 0;  ///< spouts: given up after topology.max.replays (see docs/reliability.md)
  std::uint64_t queue_depth = 0;
  HistogramCounts execute_latency, complete_latency;
  std::string last_error;                ///< the task's latest error ("" when none)
  std::int64_t last_error_unix_ms = 0;  ///< its Unix time, ms
  /// Sums the counters and histograms of another record of the same task (an earlier worker
  /// incarnation). The queue depth is `other`'s: it is a level, not a count; the last error is
  /// the later one.
  void add(const TaskRecord& other);
};

/// Per-task stats (records merged by task id) and component totals, latencies over the merged
/// histograms.
MetricsSnapshot snapshot_of(std::string topology, double uptime_secs, std::uint64_t pending,
                            const std::vector<TaskRecord>& records);

}  // namespace squall::runtime
