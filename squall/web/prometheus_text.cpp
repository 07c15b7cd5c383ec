#include "squall/web/prometheus_text.hpp"

#include <cctype>
#include <functional>
#include <map>

#include <fmt/format.h>

namespace squall::web {
namespace {

/// One family: its name, type, help and how to read a task's value (nullopt: no sample).
struct TaskFamily {
  const char* name;
  const char* type;
  const char* help;
  std::function<double(const TaskStats&)> value;
  std::function<bool(const TaskStats&)> applies = [](const TaskStats&) { return true; };
};

bool is_bolt(const TaskStats& t) { return t.kind == "bolt"; }
bool is_spout(const TaskStats& t) { return t.kind == "spout"; }

const std::vector<TaskFamily>& task_families() {
  static const std::vector<TaskFamily> families = {
      {"squall_tuples_executed_total", "counter", "Tuples executed by a bolt task.",
       [](const TaskStats& t) { return double(t.executed); }, is_bolt},
      {"squall_tuples_acked_total", "counter", "Tuples acked (bolts) or spout tuples completed (spouts).",
       [](const TaskStats& t) { return double(t.acked); }},
      {"squall_tuples_failed_total", "counter", "Tuples failed (bolts) or spout tuples failed (spouts).",
       [](const TaskStats& t) { return double(t.failed); }},
      {"squall_tuples_timed_out_total", "counter", "Spout tuples failed by topology.message.timeout.secs.",
       [](const TaskStats& t) { return double(t.timed_out); }, is_spout},
      {"squall_dead_lettered_total", "counter", "Spout tuples given up after topology.max.replays.",
       [](const TaskStats& t) { return double(t.dead_lettered); }, is_spout},
      {"squall_errors_total", "counter", "Errors reported by the task or thrown by its code.",
       [](const TaskStats& t) { return double(t.errors); }},
      {"squall_queue_depth", "gauge", "Envelopes (tuples, acks) queued for the task's executor.",
       [](const TaskStats& t) { return double(t.queue_depth); }},
      {"squall_backpressure_seconds_total", "counter",
       "Seconds the task's executor waited on receivers' full queues (on the executor's first task).",
       [](const TaskStats& t) { return t.backpressure_secs; }},
      {"squall_execute_latency_mean_seconds", "gauge", "Mean execute latency of a bolt task (sampled).",
       [](const TaskStats& t) { return t.execute_latency_mean_us / 1e6; }, is_bolt},
      {"squall_execute_latency_p99_seconds", "gauge", "99th percentile execute latency of a bolt task (sampled).",
       [](const TaskStats& t) { return t.execute_latency_p99_us / 1e6; }, is_bolt},
      {"squall_complete_latency_mean_seconds", "gauge", "Mean time from a spout's emit to its tree's completion.",
       [](const TaskStats& t) { return t.complete_latency_mean_ms / 1e3; }, is_spout},
      {"squall_complete_latency_p50_seconds", "gauge", "Median time from a spout's emit to its tree's completion.",
       [](const TaskStats& t) { return t.complete_latency_p50_ms / 1e3; }, is_spout},
      {"squall_complete_latency_p99_seconds", "gauge", "99th percentile time from a spout's emit to its tree's completion.",
       [](const TaskStats& t) { return t.complete_latency_p99_ms / 1e3; }, is_spout},
  };
  return families;
}

struct TopologyFamily {
  const char* name;
  const char* type;
  const char* help;
  std::function<double(const MetricsSnapshot&)> value;
};

const std::vector<TopologyFamily>& topology_families() {
  static const std::vector<TopologyFamily> families = {
      {"squall_pending_tuples", "gauge", "Spout tuples neither acked nor failed yet.",
       [](const MetricsSnapshot& m) { return double(m.pending); }},
      {"squall_workers", "gauge", "Worker processes of the topology.", [](const MetricsSnapshot& m) { return double(m.workers); }},
      {"squall_topology_active", "gauge", "1 while the topology's spouts are active, 0 once deactivated.",
       [](const MetricsSnapshot& m) { return m.status == "ACTIVE" ? 1.0 : 0.0; }},
      {"squall_uptime_seconds", "gauge", "Seconds since the topology was submitted.",
       [](const MetricsSnapshot& m) { return m.uptime_secs; }},
      {"squall_worker_restarts_total", "counter", "Workers restarted by their supervisor.",
       [](const MetricsSnapshot& m) { return double(m.worker_restarts); }},
      {"squall_malformed_frames_total", "counter", "Frames from other workers that did not decode (dropped).",
       [](const MetricsSnapshot& m) { return double(m.malformed_frames); }},
      {"squall_refused_peers_total", "counter", "Peers refused by CURVE authentication.",
       [](const MetricsSnapshot& m) { return double(m.refused_peers); }},
  };
  return families;
}

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

std::string task_labels(const MetricsSnapshot& m, const TaskStats& t) {
  return fmt::format("topology=\"{}\",component=\"{}\",task=\"{}\"", prometheus_label_value(m.topology),
                     prometheus_label_value(t.component), t.task);
}

/// A per-stream counter family of the tasks' output streams.
void stream_counter(std::string& out, const char* name, const char* help, const std::vector<MetricsSnapshot>& topologies,
                    std::uint64_t StreamStats::*count) {
  header(out, name, "counter", help);
  for (const auto& m : topologies)
    for (const auto& t : m.tasks)
      for (const auto& s : t.streams)
        fmt::format_to(std::back_inserter(out), "{}{{topology=\"{}\",component=\"{}\",stream=\"{}\",task=\"{}\"}} {}\n", name,
                       prometheus_label_value(m.topology), prometheus_label_value(t.component),
                       prometheus_label_value(s.stream), t.task, s.*count);
}

/// A latency histogram family: _bucket{le}, _sum and _count per task.
void latency_histogram(std::string& out, const char* name, const char* help, const std::vector<MetricsSnapshot>& topologies,
                       const char* kind, HistogramBuckets TaskStats::*buckets) {
  header(out, name, "histogram", help);
  for (const auto& m : topologies)
    for (const auto& t : m.tasks) {
      if (t.kind != kind) continue;
      const HistogramBuckets& h = t.*buckets;
      auto labels = task_labels(m, t);
      for (std::size_t i = 0; i < h.bounds.size(); ++i)
        fmt::format_to(std::back_inserter(out), "{}_bucket{{{},le=\"{}\"}} {}\n", name, labels, h.bounds[i], h.cumulative[i]);
      fmt::format_to(std::back_inserter(out), "{}_bucket{{{},le=\"+Inf\"}} {}\n{}_sum{{{}}} {}\n{}_count{{{}}} {}\n", name,
                     labels, h.count, name, labels, h.sum, name, labels, h.count);
    }
}

/// "squall_user_" + the name with characters Prometheus does not allow replaced by '_'.
std::string user_family_name(const std::string& name) {
  std::string out = "squall_user_";
  for (char c : name) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  return out;
}

/// User metrics: a counter as NAME_total, a gauge as NAME, a histogram as a summary NAME
/// (quantiles 0.5, 0.99, 1) — each family gets the kind as a suffix if another kind took its name.
void user_metrics(std::string& out, const std::vector<MetricsSnapshot>& topologies) {
  struct Family {
    std::string type;
    std::string samples;
  };
  std::map<std::string, Family> families;
  for (const auto& m : topologies)
    for (const auto& t : m.tasks)
      for (const auto& u : t.user_metrics) {
        std::string name = user_family_name(u.name) + (u.kind == "counter" ? "_total" : "");
        std::string type = u.kind == "histogram" ? "summary" : u.kind;
        if (auto it = families.find(name); it != families.end() && it->second.type != type) name += "_" + u.kind;
        auto& f = families[name];
        f.type = type;
        auto labels = task_labels(m, t);
        auto add = std::back_inserter(f.samples);
        if (u.kind != "histogram") {
          fmt::format_to(add, "{}{{{}}} {}\n", name, labels, u.value);
          continue;
        }
        for (auto [q, v] : {std::pair{"0.5", u.p50}, {"0.99", u.p99}, {"1", u.max}})
          fmt::format_to(add, "{}{{{},quantile=\"{}\"}} {}\n", name, labels, q, v);
        fmt::format_to(add, "{}_sum{{{}}} {}\n{}_count{{{}}} {}\n", name, labels, u.sum, name, labels, u.value);
      }
  for (const auto& [name, f] : families) {
    header(out, name, f.type, "A user metric (TopologyContext::register_" + std::string(f.type == "summary" ? "histogram" : f.type) + ").");
    out += f.samples;
  }
}

}  // namespace

std::string prometheus_label_value(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string prometheus_text(const std::vector<MetricsSnapshot>& topologies) {
  std::string out;
  for (const auto& family : topology_families()) {
    header(out, family.name, family.type, family.help);
    for (const auto& m : topologies)
      fmt::format_to(std::back_inserter(out), "{}{{topology=\"{}\"}} {}\n", family.name, prometheus_label_value(m.topology),
                     family.value(m));
  }
  stream_counter(out, "squall_tuples_emitted_total", "Tuples emitted by the task on the stream.", topologies,
                 &StreamStats::emitted);
  stream_counter(out, "squall_tuples_transferred_total", "Tuple copies the task sent on the stream to receiving tasks.",
                 topologies, &StreamStats::transferred);
  for (const auto& family : task_families()) {
    header(out, family.name, family.type, family.help);
    for (const auto& m : topologies)
      for (const auto& t : m.tasks)
        if (family.applies(t))
          fmt::format_to(std::back_inserter(out), "{}{{{}}} {}\n", family.name, task_labels(m, t), family.value(t));
  }
  latency_histogram(out, "squall_execute_latency_seconds", "Execute latency of a bolt task (sampled).", topologies, "bolt",
                    &TaskStats::execute_latency_seconds);
  latency_histogram(out, "squall_complete_latency_seconds", "Time from a spout's emit to its tree's completion.", topologies,
                    "spout", &TaskStats::complete_latency_seconds);
  user_metrics(out, topologies);
  return out;
}

}  // namespace squall::web
