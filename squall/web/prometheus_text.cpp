#include "squall/web/prometheus_text.hpp"

#include <functional>

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
      {"squall_tuples_emitted_total", "counter", "Tuples emitted by the task.", [](const TaskStats& t) { return double(t.emitted); }},
      {"squall_tuples_transferred_total", "counter", "Tuple copies sent to receiving tasks.",
       [](const TaskStats& t) { return double(t.transferred); }},
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

void header(std::string& out, const char* name, const char* type, const char* help) {
  fmt::format_to(std::back_inserter(out), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
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
  for (const auto& family : task_families()) {
    header(out, family.name, family.type, family.help);
    for (const auto& m : topologies)
      for (const auto& t : m.tasks)
        if (family.applies(t))
          fmt::format_to(std::back_inserter(out), "{}{{topology=\"{}\",component=\"{}\",task=\"{}\"}} {}\n", family.name,
                         prometheus_label_value(m.topology), prometheus_label_value(t.component), t.task, family.value(t));
  }
  return out;
}

}  // namespace squall::web
