#include "squall/runtime/metrics_snapshot.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "squall/api/bounded_json.hpp"

namespace squall {

const TaskStats* MetricsSnapshot::component(const std::string& id) const {
  for (const auto& c : components)
    if (c.component == id) return &c;
  return nullptr;
}

const UserMetric* TaskStats::user_metric(const std::string& name) const {
  for (const auto& m : user_metrics)
    if (m.name == name) return &m;
  return nullptr;
}

namespace {

/// "name=value" for each user counter and gauge of the components, with `separator` between.
std::string user_metric_values(const std::vector<TaskStats>& components, std::string_view separator) {
  std::string out;
  for (const auto& c : components)
    for (const auto& m : c.user_metrics)
      if (m.kind != "histogram")
        fmt::format_to(std::back_inserter(out), "{}{}.{}={:g}", out.empty() ? "" : separator, c.component, m.name,
                       m.value);
  return out;
}

nlohmann::json to_json_object(const TaskStats& s) {
  nlohmann::json j{{"component", s.component}, {"kind", s.kind},       {"emitted", s.emitted},
                   {"transferred", s.transferred}, {"executed", s.executed}, {"acked", s.acked},
                   {"failed", s.failed},       {"timed_out", s.timed_out}, {"errors", s.errors},
                   {"queue_depth", s.queue_depth}};
  if (s.task >= 0) j["task"] = s.task;
  if (s.kind == "bolt") {
    j["execute_latency_mean_us"] = s.execute_latency_mean_us;
    j["execute_latency_p99_us"] = s.execute_latency_p99_us;
  }
  if (s.kind == "spout") {
    j["dead_lettered"] = s.dead_lettered;
    j["complete_latency_mean_ms"] = s.complete_latency_mean_ms;
    j["complete_latency_p50_ms"] = s.complete_latency_p50_ms;
    j["complete_latency_p99_ms"] = s.complete_latency_p99_ms;
  }
  if (!s.user_metrics.empty()) {
    auto& user = j["user_metrics"] = nlohmann::json::object();
    for (const auto& m : s.user_metrics) {
      user[m.name] = {{"kind", m.kind}, {"value", m.value}};
      if (m.kind == "histogram")
        user[m.name].update({{"sum", m.sum}, {"mean", m.mean}, {"p50", m.p50}, {"p99", m.p99}, {"max", m.max}});
    }
  }
  return j;
}
}  // namespace

std::string MetricsSnapshot::to_json() const {
  nlohmann::json j{{"topology", topology},
                   {"status", status},
                   {"uptime_secs", uptime_secs},
                   {"pending", pending},
                   {"workers", workers},
                   {"worker_restarts", worker_restarts},
                   {"malformed_frames", malformed_frames},
                   {"refused_peers", refused_peers}};
  j["components"] = nlohmann::json::array();
  for (const auto& c : components) j["components"].push_back(to_json_object(c));
  j["tasks"] = nlohmann::json::array();
  for (const auto& t : tasks) j["tasks"].push_back(to_json_object(t));
  return json_text(j);
}

std::string MetricsSnapshot::summary_table() const {
  std::string out = fmt::format("topology '{}' after {:.1f} s, {} pending\n", topology, uptime_secs, pending);
  if (workers > 1)
    out += fmt::format("{} workers, {} restarts; {} malformed frames dropped, {} peers refused\n", workers,
                       worker_restarts, malformed_frames, refused_peers);
  out += fmt::format("{:<16} {:<5} {:>12} {:>12} {:>12} {:>12} {:>9} {:>7} {:>11} {:>11}\n", "component", "kind",
                     "emitted", "transferred", "executed", "acked", "failed", "errors", "exec p99us",
                     "compl p99ms");
  for (const auto& c : components) {
    std::string exec = c.kind == "bolt" ? fmt::format("{:.1f}", c.execute_latency_p99_us) : "-";
    std::string comp = c.kind == "spout" ? fmt::format("{:.2f}", c.complete_latency_p99_ms) : "-";
    out += fmt::format("{:<16} {:<5} {:>12} {:>12} {:>12} {:>12} {:>9} {:>7} {:>11} {:>11}\n", c.component,
                       c.kind, c.emitted, c.transferred, c.executed, c.acked, c.failed, c.errors, exec, comp);
  }
  for (const auto& c : components)
    if (c.kind == "spout" && uptime_secs > 0)
      out += fmt::format("spout '{}': {} tuples acked, {:.0f} tuples/s; complete latency p50 {:.2f} ms, p99 {:.2f} ms\n",
                         c.component, c.acked, static_cast<double>(c.acked) / uptime_secs, c.complete_latency_p50_ms,
                         c.complete_latency_p99_ms);
  for (const auto& c : components)
    if (c.kind == "spout" && c.dead_lettered)
      out += fmt::format("spout '{}': {} tuples dead-lettered after topology.max.replays replays (see the dead-letter "
                         "file named in the log)\n", c.component, c.dead_lettered);
  for (const auto& c : components)
    for (const auto& m : c.user_metrics)
      out += m.kind == "histogram"
                 ? fmt::format("metric {}.{}: {:g} values, mean {:g}, p50 {:g}, p99 {:g}, max {:g}\n", c.component,
                               m.name, m.value, m.mean, m.p50, m.p99, m.max)
                 : fmt::format("metric {}.{}: {:g}\n", c.component, m.name, m.value);
  return out;
}

std::string MetricsSnapshot::progress_line(const MetricsSnapshot& prev) const {
  std::uint64_t emitted = 0, acked = 0, failed = 0, executed = 0, prev_emitted = 0, prev_executed = 0;
  for (const auto& c : components)
    if (c.kind == "spout") {
      emitted += c.emitted;
      acked += c.acked;
      failed += c.failed;
    } else if (c.kind == "bolt") {
      executed += c.executed;
    }
  for (const auto& c : prev.components)
    if (c.kind == "spout") prev_emitted += c.emitted;
    else if (c.kind == "bolt") prev_executed += c.executed;
  double dt = uptime_secs - prev.uptime_secs;
  if (dt <= 0) dt = 1;
  auto line = fmt::format("[{}] {:.0f}s  spout {:.0f} tuples/s  bolts {:.0f} tuples/s  acked {}  failed {}  pending {}",
                          topology, uptime_secs, static_cast<double>(emitted - prev_emitted) / dt,
                          static_cast<double>(executed - prev_executed) / dt, acked, failed, pending);
  if (auto user = user_metric_values(components, " "); !user.empty()) line += "  " + user;
  return line;
}

}  // namespace squall
