#include "squall/web/storm_rest.hpp"

#include <map>

#include <fmt/format.h>

#include "squall/api/version.hpp"

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

std::size_t task_count(const MetricsSnapshot& m) {
  std::size_t n = 0;
  for (const auto& t : m.tasks)
    if (t.kind != "acker") ++n;
  return n;
}

nlohmann::json summary_of(const MetricsSnapshot& m) {
  auto tasks = task_count(m);
  return {{"id", m.topology},
          {"name", m.topology},
          {"status", "ACTIVE"},
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
  if (component.last_error_unix_ms > 0) {
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    out["errorLapsedSecs"] = std::max<long long>(0, (now_ms - component.last_error_unix_ms) / 1000);
  }
}

}  // namespace

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

nlohmann::json storm_topology(const MetricsSnapshot& m) {
  nlohmann::json out = summary_of(m);
  std::map<std::string, std::size_t> tasks_of;
  for (const auto& t : m.tasks) ++tasks_of[t.component];
  std::uint64_t emitted = 0, transferred = 0, acked = 0, failed = 0;
  double complete_weighted = 0;
  auto spouts = nlohmann::json::array(), bolts = nlohmann::json::array();
  for (const auto& c : m.components) {
    if (c.kind == "acker") continue;
    nlohmann::json row = {{"emitted", c.emitted}, {"transferred", c.transferred}, {"acked", c.acked},
                          {"failed", c.failed},   {"tasks", tasks_of[c.component]}, {"executors", tasks_of[c.component]}};
    add_last_error(row, c);
    if (c.kind == "spout") {
      row["spoutId"] = c.component;
      row["encodedSpoutId"] = c.component;
      row["completeLatency"] = millis(c.complete_latency_mean_ms);
      emitted += c.emitted;
      transferred += c.transferred;
      acked += c.acked;
      failed += c.failed;
      complete_weighted += c.complete_latency_mean_ms * static_cast<double>(c.acked);
      spouts.push_back(std::move(row));
    } else {
      double busy_ms = static_cast<double>(c.executed) * c.execute_latency_mean_us / 1000.0;
      double tasks = std::max<double>(1.0, static_cast<double>(tasks_of[c.component]));
      double capacity = m.uptime_secs > 0 ? busy_ms / (m.uptime_secs * 1000.0) / tasks : 0.0;
      row["boltId"] = c.component;
      row["encodedBoltId"] = c.component;
      row["executed"] = c.executed;
      row["executeLatency"] = millis(c.execute_latency_mean_us / 1000.0);
      row["processLatency"] = millis(c.execute_latency_mean_us / 1000.0);
      row["capacity"] = fmt::format("{:.3f}", capacity);
      bolts.push_back(std::move(row));
    }
  }
  out["topologyStats"] = nlohmann::json::array({{{"windowPretty", "All time"},
                                                  {"window", ":all-time"},
                                                  {"emitted", emitted},
                                                  {"transferred", transferred},
                                                  {"acked", acked},
                                                  {"failed", failed},
                                                  {"completeLatency", millis(acked ? complete_weighted / double(acked) : 0.0)}}});
  out["spouts"] = std::move(spouts);
  out["bolts"] = std::move(bolts);
  return out;
}

}  // namespace squall::web
