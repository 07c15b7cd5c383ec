#include "squall/runtime/metrics/task_record.hpp"

#include <algorithm>
#include <map>

#include "squall/runtime/metrics/task_metrics.hpp"

namespace squall::runtime {

void HistogramCounts::add(const HistogramCounts& other) {
  for (std::size_t i = 0; i < buckets.size(); ++i) buckets[i] += other.buckets[i];
  count += other.count;
  sum += other.sum;
}

namespace {

void add_user_metric(std::vector<UserMetricRecord>& into, const UserMetricRecord& m, TaskRecord::Merge how) {
  auto it = std::lower_bound(into.begin(), into.end(), m.name, [](const UserMetricRecord& r, const std::string& name) {
    return r.name < name;
  });
  if (it == into.end() || it->name != m.name || it->kind != m.kind) {
    into.insert(it, m);
    return;
  }
  if (m.kind == MetricKind::gauge && how == TaskRecord::Merge::same_task) it->value = m.value;
  else it->value += m.value;
  if (m.histogram) {
    auto sum = std::make_shared<HistogramCounts>(*m.histogram);
    if (it->histogram) sum->add(*it->histogram);
    it->histogram = std::move(sum);
  }
}

void add_streams(std::vector<StreamRecord>& into, const std::vector<StreamRecord>& more) {
  for (const auto& s : more) {
    auto it = std::find_if(into.begin(), into.end(), [&](const StreamRecord& r) { return r.stream == s.stream; });
    if (it == into.end()) {
      into.push_back(s);
    } else {
      it->emitted += s.emitted;
      it->transferred += s.transferred;
    }
  }
}

}  // namespace

void TaskRecord::add(const TaskRecord& o, Merge how) {
  emitted += o.emitted;
  transferred += o.transferred;
  executed += o.executed;
  acked += o.acked;
  failed += o.failed;
  timed_out += o.timed_out;
  dead_lettered += o.dead_lettered;
  errors += o.errors;
  queue_depth = how == Merge::same_task ? o.queue_depth : queue_depth + o.queue_depth;
  backpressure_ns += o.backpressure_ns;
  execute_latency.add(o.execute_latency);
  complete_latency.add(o.complete_latency);
  add_streams(streams, o.streams);
  recent_errors.insert(recent_errors.end(), o.recent_errors.begin(), o.recent_errors.end());
  std::stable_sort(recent_errors.begin(), recent_errors.end(),
                   [](const TaskError& a, const TaskError& b) { return a.unix_ms < b.unix_ms; });
  if (recent_errors.size() > RecentErrors::kKept)
    recent_errors.erase(recent_errors.begin(), recent_errors.end() - RecentErrors::kKept);
  for (const auto& m : o.user_metrics) add_user_metric(user_metrics, m, how);
}

void read_stream_counts(const TaskMetrics& metrics, TaskRecord& record) {
  metrics.for_each_stream([&](const TaskMetrics::StreamCounts& s) {
    StreamRecord r{s.stream, s.emitted.get(), s.transferred.get()};
    record.emitted += r.emitted;
    record.transferred += r.transferred;
    record.streams.push_back(std::move(r));
  });
}

std::vector<UserMetricRecord> read_user_metrics(const MetricRegistry& registry) {
  std::vector<UserMetricRecord> out;
  registry.for_each([&](const MetricRegistry::Reading& r) {
    UserMetricRecord m{r.name, r.kind, r.value, nullptr};
    if (r.histogram) {
      auto counts = std::make_shared<HistogramCounts>();
      counts->add(r.histogram->values());
      m.histogram = std::move(counts);
    }
    out.push_back(std::move(m));
  });
  return out;
}

namespace {

double quantile_ms(const HistogramCounts& h, double q) {
  return static_cast<double>(LogLinearHistogram::quantile_of(h.buckets, h.count, q)) / 1e6;
}

/// Prometheus's default latency buckets, in seconds (client libraries' DefBuckets), from 10 µs.
const std::vector<double>& latency_bounds_seconds() {
  static const std::vector<double> bounds = {0.00001, 0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                             0.05,    0.1,    0.25,   0.5,   1,      2.5,   5,    10};
  return bounds;
}

HistogramBuckets buckets_in_seconds(const HistogramCounts& h) {
  HistogramBuckets out{latency_bounds_seconds(), std::vector<std::uint64_t>(latency_bounds_seconds().size()), h.count,
                       h.sum / 1e9};
  for (std::size_t i = 0; i < h.buckets.size(); ++i) {
    if (!h.buckets[i]) continue;
    double edge_seconds = static_cast<double>(LogLinearHistogram::upper_edge(i)) / 1e9;
    for (std::size_t b = 0; b < out.bounds.size(); ++b)
      if (edge_seconds <= out.bounds[b]) out.cumulative[b] += h.buckets[i];
  }
  return out;
}

UserMetric user_metric_of(const UserMetricRecord& r) {
  UserMetric m{r.name, to_string(r.kind), r.value};
  if (const auto* h = r.histogram.get(); h && h->count) {
    auto q = [h](double p) { return static_cast<double>(LogLinearHistogram::quantile_of(h->buckets, h->count, p)); };
    m.sum = h->sum;
    m.mean = h->sum / static_cast<double>(h->count);
    m.p50 = q(0.5);
    m.p99 = q(0.99);
    m.max = q(1.0);
  }
  return m;
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
  t.backpressure_secs = static_cast<double>(r.backpressure_ns) / 1e9;
  for (const auto& st : r.streams) t.streams.push_back({st.stream, st.emitted, st.transferred});
  t.recent_errors = r.recent_errors;
  if (!r.recent_errors.empty()) {
    t.last_error = r.recent_errors.back().message;
    t.last_error_unix_ms = r.recent_errors.back().unix_ms;
  }
  for (const auto& m : r.user_metrics) t.user_metrics.push_back(user_metric_of(m));
  t.execute_latency_seconds = buckets_in_seconds(r.execute_latency);
  t.complete_latency_seconds = buckets_in_seconds(r.complete_latency);
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
    c->add(r, TaskRecord::Merge::component_total);
  }
  for (const auto& t : totals) s.components.push_back(stats_of(t));
  return s;
}

}  // namespace squall::runtime
