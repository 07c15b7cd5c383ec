#include "squall/cluster/state/cluster_records.hpp"

#include <chrono>
#include <stdexcept>

namespace squall::cluster {

std::string to_string(TopologyStatus status) {
  switch (status) {
    case TopologyStatus::active: return "ACTIVE";
    case TopologyStatus::inactive: return "INACTIVE";
    case TopologyStatus::killed: return "KILLED";
    case TopologyStatus::rebalancing: return "REBALANCING";
  }
  return "ACTIVE";
}

TopologyStatus topology_status_from(const std::string& name) {
  for (auto s : {TopologyStatus::active, TopologyStatus::inactive, TopologyStatus::killed, TopologyStatus::rebalancing})
    if (to_string(s) == name) return s;
  throw std::invalid_argument("unknown topology status '" + name + "'");
}

std::int64_t unix_secs() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void to_json(nlohmann::json& j, const StormBase& r) {
  j = {{"id", r.id}, {"name", r.name}, {"status", to_string(r.status)}, {"workers", r.workers},
       {"executors", r.executors}, {"launch_time_secs", r.launch_time_secs}, {"document_blob", r.document_blob}, {"kill_at_secs", r.kill_at_secs},
       {"owner", r.owner}};
  if (r.status == TopologyStatus::rebalancing)
    j["rebalance"] = {{"at_secs", r.rebalance_at_secs}, {"workers", r.rebalance_workers},
                      {"executors", r.rebalance_executors}, {"status_before", to_string(r.status_before_rebalance)}};
}
void from_json(const nlohmann::json& j, StormBase& r) {
  j.at("id").get_to(r.id);
  j.at("name").get_to(r.name);
  r.status = topology_status_from(j.at("status").get<std::string>());
  j.at("workers").get_to(r.workers);
  j.at("executors").get_to(r.executors);
  j.at("launch_time_secs").get_to(r.launch_time_secs);
  j.at("document_blob").get_to(r.document_blob);
  r.kill_at_secs = j.value("kill_at_secs", std::int64_t{0});
  r.owner = j.value("owner", std::string());
  if (auto it = j.find("rebalance"); it != j.end() && it->is_object()) {
    r.rebalance_at_secs = it->value("at_secs", std::int64_t{0});
    r.rebalance_workers = it->value("workers", r.workers);
    r.rebalance_executors = it->value("executors", std::map<std::string, int>{});
    r.status_before_rebalance = topology_status_from(it->value("status_before", std::string("ACTIVE")));
  }
}

void to_json(nlohmann::json& j, const WorkerSlot& r) {
  j = {{"worker", r.worker}, {"supervisor_id", r.supervisor_id}, {"host", r.host}, {"port", r.port}};
}
void from_json(const nlohmann::json& j, WorkerSlot& r) {
  j.at("worker").get_to(r.worker);
  j.at("supervisor_id").get_to(r.supervisor_id);
  j.at("host").get_to(r.host);
  j.at("port").get_to(r.port);
}

void to_json(nlohmann::json& j, const Assignment& r) {
  j = {{"topology_id", r.topology_id}, {"document_blob", r.document_blob}, {"slots", r.slots},
       {"executor_endpoints", r.executor_endpoints}, {"assigned_secs", r.assigned_secs}};
}
void from_json(const nlohmann::json& j, Assignment& r) {
  j.at("topology_id").get_to(r.topology_id);
  j.at("document_blob").get_to(r.document_blob);
  j.at("slots").get_to(r.slots);
  j.at("executor_endpoints").get_to(r.executor_endpoints);
  j.at("assigned_secs").get_to(r.assigned_secs);
}

void to_json(nlohmann::json& j, const SupervisorInfo& r) {
  j = {{"id", r.id}, {"host", r.host}, {"slots", r.slots}, {"version", r.version}, {"started_secs", r.started_secs}};
}
void from_json(const nlohmann::json& j, SupervisorInfo& r) {
  j.at("id").get_to(r.id);
  j.at("host").get_to(r.host);
  j.at("slots").get_to(r.slots);
  j.at("version").get_to(r.version);
  j.at("started_secs").get_to(r.started_secs);
}

void to_json(nlohmann::json& j, const NimbusInfo& r) {
  j = {{"host", r.host}, {"port", r.port}, {"version", r.version}, {"started_secs", r.started_secs}};
}
void from_json(const nlohmann::json& j, NimbusInfo& r) {
  j.at("host").get_to(r.host);
  j.at("port").get_to(r.port);
  j.at("version").get_to(r.version);
  j.at("started_secs").get_to(r.started_secs);
}

void to_json(nlohmann::json& j, const WorkerBeat& r) {
  j = {{"topology_id", r.topology_id}, {"worker", r.worker}, {"host", r.host}, {"port", r.port},
       {"time_secs", r.time_secs}, {"uptime_secs", r.uptime_secs}, {"emitted", r.emitted}, {"acked", r.acked},
       {"failed", r.failed}};
}
void from_json(const nlohmann::json& j, WorkerBeat& r) {
  j.at("topology_id").get_to(r.topology_id);
  j.at("worker").get_to(r.worker);
  j.at("host").get_to(r.host);
  j.at("port").get_to(r.port);
  j.at("time_secs").get_to(r.time_secs);
  j.at("uptime_secs").get_to(r.uptime_secs);
  j.at("emitted").get_to(r.emitted);
  j.at("acked").get_to(r.acked);
  j.at("failed").get_to(r.failed);
}

void to_json(nlohmann::json& j, const ErrorInfo& r) {
  j = {{"error", r.error}, {"time_ms", r.time_ms}, {"host", r.host}, {"task", r.task}};
}
void from_json(const nlohmann::json& j, ErrorInfo& r) {
  j.at("error").get_to(r.error);
  j.at("time_ms").get_to(r.time_ms);
  r.host = j.value("host", std::string());
  r.task = j.value("task", -1);
}

}  // namespace squall::cluster
