#include "squall/runtime/metrics/task_record.hpp"

#include <algorithm>
#include <map>

namespace squall::runtime {

void HistogramCounts::add(const HistogramCounts& other) {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  count += other.count;
  sum += other.sum;
}

void TaskRecord::add(const TaskRecord& o) {
  emitted += o.emitted;
  transferred += o.transferred;
  executed += o.executed;
  acked += o.acked;
  failed += o.failed;
  timed_out += o.timed_out;
  dead_lettered += o.dead_lettered;
  errors += o.errors;
  queue_depth = o.queue_depth;
  execute_latency.add(o.execute_latency);
  complete_latency.add(o.complete_latency);
  if (o.last_error_unix_ms > last_error_unix_ms) {
    last_error = o.last_error;
    last_error_unix_ms = o.last_error_unix_ms;
  }
}

namespace {

double quantile_ms(const HistogramCounts& h, double q) {
  return static_cast<double>(LatencyHistogram::quantile_of(h.buckets, h.count, q)) / 1e6;
}

TaskStats stats_of(const TaskRecord& r) {
  TaskStats t{r.component, r.task, r.kind};
  t.emitted = r.emitted;
  t.transferred = r.transferred;
  t.executed = r.executed;
  t.acked = r.acked;
  t.failed = r.failed;
  t.timed_out = r.timed_out;
  t.dead_lettered = r.dead_lettered;
  t.errors = r.errors;
  t.queue_depth = r.queue_depth;
  t.last_error = r.last_error;
  t.last_error_unix_ms = r.last_error_unix_ms;
  if (const auto& e = r.execute_latency; e.count) {
    t.execute_latency_mean_us = e.sum / static_cast<double>(e.count) / 1e3;
    t.execute_latency_p99_us = quantile_ms(e, 0.99) * 1e3;
  }
  if (const auto& c = r.complete_latency; c.count) {
    t.complete_latency_mean_ms = c.sum / static_cast<double>(c.count) / 1e6;
    t.complete_latency_p50_ms = quantile_ms(c, 0.5);
    t.complete_latency_p99_ms = quantile_ms(c, 0.99);
  }
  return t;
}

}  // namespace

MetricsSnapshot snapshot_of(std::string topology, double uptime_secs, std::uint64_t pending,
                            const std::vector<TaskRecord>& records) {
  MetricsSnapshot s;
  s.topology = std::move(topology);
  s.uptime_secs = uptime_secs;
  s.pending = pending;
  std::map<int, TaskRecord> by_task;
  for (const auto& r : records) {
    auto [it, fresh] = by_task.try_emplace(r.task, r);
    if (!fresh) it->second.add(r);
  }
  // Component totals in order of first appearance (declaration order: tasks are numbered so).
  std::vector<TaskRecord> totals;
  for (const auto& [task, r] : by_task) {
    s.tasks.push_back(stats_of(r));
    auto c = std::find_if(totals.begin(), totals.end(), [&](const TaskRecord& t) { return t.component == r.component; });
    if (c == totals.end()) {
      totals.push_back(TaskRecord{r.component, -1, r.kind});
      c = totals.end() - 1;
    }
    auto depth = c->queue_depth + r.queue_depth;
    c->add(r);
    c->queue_depth = depth;
  }
  for (const auto& t : totals) s.components.push_back(stats_of(t));
  return s;
}

}  // namespace squall::runtime
