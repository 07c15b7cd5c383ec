#include "squall/web/storm_rest.hpp"

#include <algorithm>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "squall/api/version.hpp"
#include "squall/web/metrics_history.hpp"

namespace squall::web {
namespace {

/// Storm's "1d 2h 3m 4s".
std::string pretty_uptime(double secs) {
  auto s = static_cast<long long>(secs);
  std::string out;
  if (s >= 86400) out += fmt::format("{}d ", s / 86400);
  if (s >= 3600) out += fmt::format("{}h ", s / 3600 % 24);
  if (s >= 60) out += fmt::format("{}m ", s / 60 % 60);
  out += fmt::format("{}s", s % 60);
  return out;
}

std::string millis(double ms) { return fmt::format("{:.3f}", ms); }

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::size_t task_count(const MetricsSnapshot& m) {
  return static_cast<std::size_t>(std::count_if(m.tasks.begin(), m.tasks.end(), [](const TaskStats& t) { return t.kind != "acker"; }));
}

std::size_t tasks_of(const MetricsSnapshot& m, const std::string& component) {
  return static_cast<std::size_t>(
      std::count_if(m.tasks.begin(), m.tasks.end(), [&](const TaskStats& t) { return t.component == component; }));
}

nlohmann::json summary_of(const MetricsSnapshot& m) {
  auto tasks = task_count(m);
  return {{"id", m.topology},
          {"name", m.topology},
          {"status", m.status},
          {"uptime", pretty_uptime(m.uptime_secs)},
          {"uptimeSeconds", static_cast<long long>(m.uptime_secs)},
          {"tasksTotal", tasks},
          {"workersTotal", m.workers},
          {"executorsTotal", tasks}};
}

/// The last error of a component's tasks (Storm's lastError/errorLapsedSecs), or empty.
void add_last_error(nlohmann::json& out, const TaskStats& component) {
  out["lastError"] = component.last_error;
  out["errorLapsedSecs"] = nullptr;
  if (component.last_error_unix_ms > 0)
    out["errorLapsedSecs"] = std::max<long long>(0, (now_unix_ms() - component.last_error_unix_ms) / 1000);
}

nlohmann::json user_metrics_of(const TaskStats& s) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& m : s.user_metrics) {
    if (m.kind == "histogram")
      out[m.name] = {{"count", m.value}, {"mean", m.mean}, {"p50", m.p50}, {"p99", m.p99}, {"max", m.max}};
    else
      out[m.name] = m.value;
  }
  return out;
}

/// The counts and latencies Storm shows for a component or an executor.
nlohmann::json stats_row(const MetricsSnapshot& m, const TaskStats& s) {
  nlohmann::json row = {{"emitted", s.emitted}, {"transferred", s.transferred}, {"acked", s.acked},
                        {"failed", s.failed},   {"queueDepth", s.queue_depth},  {"userMetrics", user_metrics_of(s)},
                        {"backpressureSecs", s.backpressure_secs}};
  if (s.kind == "spout") {
    row["completeLatency"] = millis(s.complete_latency_mean_ms);
  } else {
    row["executed"] = s.executed;
    row["executeLatency"] = millis(s.execute_latency_mean_us / 1000.0);
    row["processLatency"] = millis(s.execute_latency_mean_us / 1000.0);
    row["capacity"] = fmt::format("{:.3f}", capacity_of(m, s));
  }
  return row;
}

nlohmann::json window_count(std::uint64_t value) { return nlohmann::json::array({{{"stream_id", ":all"}, {"value", value}}}); }

/// [{"stream_id", "value"}] of each output stream's `count`.
nlohmann::json stream_counts(const TaskStats& s, std::uint64_t StreamStats::*count) {
  auto out = nlohmann::json::array();
  for (const auto& st : s.streams) out.push_back({{"stream_id", st.stream}, {"value", st.*count}});
  return out;
}

}  // namespace

double capacity_of(const MetricsSnapshot& m, const TaskStats& s) {
  if (s.kind != "bolt" || m.uptime_secs <= 0) return 0.0;
  double busy_ms = static_cast<double>(s.executed) * s.execute_latency_mean_us / 1000.0;
  double tasks = s.task >= 0 ? 1.0 : std::max<double>(1.0, static_cast<double>(tasks_of(m, s.component)));
  return busy_ms / (m.uptime_secs * 1000.0) / tasks;
}

nlohmann::json storm_topology_summary(const std::vector<MetricsSnapshot>& topologies) {
  auto list = nlohmann::json::array();
  for (const auto& m : topologies) list.push_back(summary_of(m));
  return {{"topologies", list}};
}

nlohmann::json storm_cluster_summary(const std::vector<MetricsSnapshot>& topologies) {
  std::size_t tasks = 0;
  int workers = 0;
  for (const auto& m : topologies) {
    tasks += task_count(m);
    workers += m.workers;
  }
  return {{"stormVersion", "squall " SQUALL_VERSION_STRING},
          {"supervisors", 1},
          {"topologies", topologies.size()},
          {"slotsTotal", workers},
          {"slotsUsed", workers},
          {"slotsFree", 0},
          {"executorsTotal", tasks},
          {"tasksTotal", tasks}};
}

nlohmann::json storm_nimbus_summary(const ClusterFacts& facts) {
  return {{"nimbuses", nlohmann::json::array({{{"host", facts.host},
                                               {"port", facts.port},
                                               {"status", "Leader"},
                                               {"version", "squall " SQUALL_VERSION_STRING},
                                               {"nimbusUpTime", pretty_uptime(facts.uptime_secs)},
                                               {"nimbusUpTimeSeconds", static_cast<long long>(facts.uptime_secs)}}})}};
}

nlohmann::json storm_supervisor_summary(const std::vector<MetricsSnapshot>& topologies, const ClusterFacts& facts) {
  int workers = 0;
  for (const auto& m : topologies) workers += m.workers;
  return {{"supervisors", nlohmann::json::array({{{"id", "local"},
                                                  {"host", facts.host},
                                                  {"uptime", pretty_uptime(facts.uptime_secs)},
                                                  {"uptimeSeconds", static_cast<long long>(facts.uptime_secs)},
                                                  {"slotsTotal", workers},
                                                  {"slotsUsed", workers}}})}};
}

nlohmann::json storm_topology(const MetricsSnapshot& m, const WindowedMetrics& windows, const std::string& window) {
  nlohmann::json out = summary_of(m);
  const MetricsSnapshot* asked = &m;
  for (const auto& [label, w] : windows)
    if (label == window) asked = &w;
  auto spouts = nlohmann::json::array(), bolts = nlohmann::json::array();
  for (const auto& c : asked->components) {
    if (c.kind == "acker") continue;
    nlohmann::json row = stats_row(*asked, c);
    row["tasks"] = row["executors"] = tasks_of(*asked, c.component);
    add_last_error(row, c);
    if (c.kind == "spout") {
      row["spoutId"] = row["encodedSpoutId"] = c.component;
      spouts.push_back(std::move(row));
    } else {
      row["boltId"] = row["encodedBoltId"] = c.component;
      bolts.push_back(std::move(row));
    }
  }
  auto stats = nlohmann::json::array();
  auto add_window = [&](const std::string& label, const MetricsSnapshot& w) {
    std::uint64_t emitted = 0, transferred = 0, acked = 0, failed = 0;
    double complete_weighted = 0;
    for (const auto& c : w.components) {
      if (c.kind != "spout") continue;
      emitted += c.emitted;
      transferred += c.transferred;
      acked += c.acked;
      failed += c.failed;
      complete_weighted += c.complete_latency_mean_ms * static_cast<double>(c.acked);
    }
    stats.push_back({{"windowPretty", window_pretty(label)},
                     {"window", label},
                     {"emitted", emitted},
                     {"transferred", transferred},
                     {"acked", acked},
                     {"failed", failed},
                     {"completeLatency", millis(acked ? complete_weighted / double(acked) : 0.0)}});
  };
  for (const auto& [label, w] : windows) add_window(label, w);
  if (windows.empty()) add_window(":all-time", m);
  out["window"] = window;
  out["windowHint"] = window_pretty(window);
  out["topologyStats"] = std::move(stats);
  out["spouts"] = std::move(spouts);
  out["bolts"] = std::move(bolts);
  return out;
}

nlohmann::json storm_component(const MetricsSnapshot& m, const std::string& component, const ClusterFacts& facts,
                               const std::string& window) {
  const TaskStats* c = m.component(component);
  if (!c || c->kind == "acker") return nullptr;
  auto errors = nlohmann::json::array();
  auto now = now_unix_ms();
  for (auto e = c->recent_errors.rbegin(); e != c->recent_errors.rend(); ++e)
    errors.push_back({{"time", e->unix_ms},
                      {"errorHost", facts.host},
                      {"errorPort", facts.port},
                      {"errorTask", e->task},
                      {"errorLapsedSecs", std::max<long long>(0, (now - e->unix_ms) / 1000)},
                      {"error", e->message}});
  auto executors = nlohmann::json::array();
  for (const auto& t : m.tasks) {
    if (t.component != component) continue;
    nlohmann::json row = stats_row(m, t);
    row["id"] = row["encodedId"] = fmt::format("[{}-{}]", t.task, t.task);
    row["host"] = facts.host;
    row["port"] = facts.port;
    row["uptime"] = pretty_uptime(m.uptime_secs);
    row["uptimeSeconds"] = static_cast<long long>(m.uptime_secs);
    executors.push_back(std::move(row));
  }
  nlohmann::json out = {{"id", component},
                        {"name", m.topology},
                        {"componentType", c->kind},
                        {"topologyId", m.topology},
                        {"topologyStatus", m.status},
                        {"executors", executors.size()},
                        {"tasks", executors.size()},
                        {"window", window},
                        {"windowHint", window_pretty(window)},
                        {"componentErrors", std::move(errors)},
                        {"executorStats", std::move(executors)},
                        {"userMetrics", user_metrics_of(*c)}};
  auto outputs = nlohmann::json::array();
  for (const auto& st : c->streams) outputs.push_back({{"stream", st.stream}, {"emitted", st.emitted}, {"transferred", st.transferred}});
  out["outputStats"] = std::move(outputs);
  out[c->kind == "spout" ? "spoutSummary" : "boltStats"] = nlohmann::json::array({stats_row(m, *c)});
  out[c->kind == "spout" ? "spoutSummary" : "boltStats"][0]["window"] = window;
  return out;
}

nlohmann::json storm_topology_metrics(const MetricsSnapshot& m, const std::string& window) {
  auto spouts = nlohmann::json::array(), bolts = nlohmann::json::array();
  for (const auto& c : m.components) {
    if (c.kind == "acker") continue;
    nlohmann::json row = {{"id", c.component},
                          {"emitted", stream_counts(c, &StreamStats::emitted)},
                          {"transferred", stream_counts(c, &StreamStats::transferred)},
                          {"acked", window_count(c.acked)},
                          {"failed", window_count(c.failed)}};
    if (c.kind == "spout") {
      row["complete_ms_avg"] = nlohmann::json::array({{{"stream_id", ":all"}, {"value", millis(c.complete_latency_mean_ms)}}});
      spouts.push_back(std::move(row));
    } else {
      auto latency = nlohmann::json::array({{{"stream_id", ":all"}, {"value", millis(c.execute_latency_mean_us / 1000.0)}}});
      row["executed"] = window_count(c.executed);
      row["executed_ms_avg"] = latency;
      row["process_ms_avg"] = latency;
      bolts.push_back(std::move(row));
    }
  }
  return {{"window", window}, {"window-hint", window_pretty(window)}, {"spouts", spouts}, {"bolts", bolts}};
}

}  // namespace squall::web
