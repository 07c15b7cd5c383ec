#pragma once
// What the cluster keeps in ZooKeeper, one record per znode, as JSON. Storm's layout and names
// (storm-client's StormClusterStateImpl and ClusterUtils: /storms, /assignments, /supervisors,
// /workerbeats, /errors, /nimbuses, /leader-lock), under storm.zookeeper.root.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace squall::cluster {

/// A topology's status (Storm's TopologyStatus).
enum class TopologyStatus { active, inactive, killed, rebalancing };
/// "ACTIVE", "INACTIVE", "KILLED", "REBALANCING", as Storm's UI and CLI show them.
std::string to_string(TopologyStatus status);
/// Throws std::invalid_argument for another name.
TopologyStatus topology_status_from(const std::string& name);

/// /storms/<id>: a submitted topology (Storm's StormBase).
struct StormBase {
  std::string id;    ///< "<name>-<n>-<launch secs>", unique in the cluster
  std::string name;  ///< the topology's name, unique among live topologies
  TopologyStatus status = TopologyStatus::active;
  int workers = 1;                  ///< topology.workers (rebalance -n changes it)
  int executors = 1;                ///< executors of the plan, ackers included
  std::int64_t launch_time_secs = 0;  ///< Unix time of the submit
  std::string document_blob;        ///< sha256 of the topology document in Nimbus's blob store
  std::int64_t kill_at_secs = 0;    ///< with status killed: when its workers are stopped (kill -w)
  /// With status rebalancing (rebalance -w): when its executors are spread over
  /// `rebalance_workers` workers and it goes back to `status_before_rebalance`.
  std::int64_t rebalance_at_secs = 0;
  int rebalance_workers = 0;
  /// rebalance -e: the executors each named component runs on after the rebalance (Storm's
  /// component_executors), at most its tasks.
  std::map<std::string, int> rebalance_executors;
  TopologyStatus status_before_rebalance = TopologyStatus::active;
  std::string owner;                ///< the submitting user
};

/// One worker slot of an assignment: worker `worker` of the topology runs on the supervisor
/// `supervisor_id`, at `host`:`port` (its first executor listens on the slot port itself).
struct WorkerSlot {
  int worker = 0;
  std::string supervisor_id;
  std::string host;
  int port = 0;
  bool operator==(const WorkerSlot&) const = default;
};

/// /assignments/<id>: where every worker of a topology runs (Storm's Assignment).
struct Assignment {
  std::string topology_id;
  std::string document_blob;
  std::vector<WorkerSlot> slots;  ///< one per worker, by worker index
  /// By executor index: the tcp endpoint its inbox binds on its worker's host.
  std::vector<std::string> executor_endpoints;
  std::int64_t assigned_secs = 0;  ///< when the slots last changed
};

/// /supervisors/<id> (ephemeral): a live supervisor (Storm's SupervisorInfo).
struct SupervisorInfo {
  std::string id;
  std::string host;        ///< the address its workers bind and peers connect to
  std::vector<int> slots;  ///< supervisor.slots.ports
  std::string version;     ///< squall's version: Nimbus schedules only onto its own
  std::int64_t started_secs = 0;
};

/// One entry of /errors/<id>/<component> (Storm's ErrorInfo): an error a task reported or threw.
struct ErrorInfo {
  std::string error;
  std::int64_t time_ms = 0;  ///< Unix time, ms
  std::string host;          ///< the supervisor's host
  int task = -1;
};

/// /nimbuses/<host:port> (ephemeral): a Nimbus, leader or standby.
struct NimbusInfo {
  std::string host;
  int port = 0;
  std::string version;
  std::int64_t started_secs = 0;
};

/// /workerbeats/<id>/<host>-<port>: a running worker's liveness (written by its supervisor).
struct WorkerBeat {
  std::string topology_id;
  int worker = 0;
  std::string host;
  int port = 0;
  std::int64_t time_secs = 0;
  double uptime_secs = 0;
  std::uint64_t emitted = 0, acked = 0, failed = 0;
};

void to_json(nlohmann::json& j, const StormBase& r);
void from_json(const nlohmann::json& j, StormBase& r);
void to_json(nlohmann::json& j, const WorkerSlot& r);
void from_json(const nlohmann::json& j, WorkerSlot& r);
void to_json(nlohmann::json& j, const Assignment& r);
void from_json(const nlohmann::json& j, Assignment& r);
void to_json(nlohmann::json& j, const SupervisorInfo& r);
void from_json(const nlohmann::json& j, SupervisorInfo& r);
void to_json(nlohmann::json& j, const NimbusInfo& r);
void from_json(const nlohmann::json& j, NimbusInfo& r);
void to_json(nlohmann::json& j, const WorkerBeat& r);
void from_json(const nlohmann::json& j, WorkerBeat& r);
void to_json(nlohmann::json& j, const ErrorInfo& r);
void from_json(const nlohmann::json& j, ErrorInfo& r);

/// Unix time, seconds.
std::int64_t unix_secs();

}  // namespace squall::cluster
