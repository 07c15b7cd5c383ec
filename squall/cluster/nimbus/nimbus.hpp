#pragma once
// Nimbus: the cluster's master (Storm's Nimbus). Takes topologies, keeps their code in a blob
// store, schedules their workers onto supervisors' slots through ZooKeeper, and reschedules the
// workers of supervisors that are gone. Several may run: one leads (ZooKeeper election), the
// others stand by and take over when it goes.

#include <atomic>
#include <condition_variable>
#include <map>
#include <set>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "squall/cluster/blobs/blob_store.hpp"
#include "squall/cluster/cluster_settings.hpp"
#include "squall/cluster/state/cluster_state.hpp"

namespace squall::cluster {

/// A request Nimbus refuses; `status` is the HTTP status its API answers with.
class NimbusError : public std::runtime_error {
 public:
  NimbusError(int status, const std::string& what) : std::runtime_error(what), status(status) {}
  int status;
};

class Nimbus {
 public:
  /// Connects to ZooKeeper, registers under /nimbuses, enters the leader election and serves its
  /// API on settings.host:settings.nimbus_port. Throws ZooKeeperError when ZooKeeper cannot be
  /// reached, std::runtime_error when the port cannot be bound.
  explicit Nimbus(ClusterSettings settings);
  ~Nimbus();
  Nimbus(const Nimbus&) = delete;
  Nimbus& operator=(const Nimbus&) = delete;

  bool is_leader() const noexcept { return leader_.load(); }
  /// Blocks until stop() (from another thread or a signal handler's thread).
  void wait();
  void stop();

  // The API (nimbus_api.cpp serves these over HTTP). Each throws NimbusError.

  /// Takes a topology document (squall/api/registry/topology_json.hpp; its plugins named
  /// "blob:<key>/<file>") and its executor count; returns the topology id.
  std::string submit(nlohmann::json document, int executors);
  /// Every topology: id, name, status, workers, executors, uptime, assigned slots.
  nlohmann::json list();
  /// Storm's kill: deactivates now, removes the topology (its workers stop) after `wait_secs`.
  void kill(const std::string& name, double wait_secs);
  void set_active(const std::string& name, bool active);
  /// What a rebalance changes (Storm's RebalanceOptions).
  struct RebalanceOptions {
    std::optional<int> workers;            ///< -n: the new worker count; unset = as now
    std::map<std::string, int> executors;  ///< -e COMPONENT=N: executors per component
  };
  /// Storm's rebalance -w -n -e: the topology goes REBALANCING (spouts deactivated) for
  /// `wait_secs`; then each component named in `options.executors` runs on that many executors
  /// (its tasks, fixed at submit, spread over them), the executors are spread over
  /// `options.workers` workers, and the status is what it was. Throws NimbusError 400 for
  /// workers < 1, an unknown component, or executors outside 1..its tasks (numTasks), 404 for
  /// an unknown name, 409 when it is rebalancing already.
  void rebalance(const std::string& name, const RebalanceOptions& options, double wait_secs);
  /// {"<component>": [{"error", "time_ms", "host", "task"}, ...]}: each component's last errors
  /// (/errors, oldest first). Throws NimbusError 404 for an unknown name.
  nlohmann::json errors(const std::string& name);
  BlobStore& blobs() noexcept { return blobs_; }
  /// The cluster's secret (storm.zookeeper.auth.payload): when set, the API answers only signed
  /// requests (request_signature.hpp).
  const std::string& secret() const noexcept { return settings_.zookeeper_digest; }
  nlohmann::json describe() const;

 private:
  class Api;
  void monitor();
  void monitor_once();
  /// Schedules every topology that needs it; `lock` holds schedule_mutex_.
  void schedule_all(const std::vector<SupervisorInfo>& live);
  /// A standby copies the blobs of every topology (its document and the plugins and files it
  /// names) from `leader`, so that it can serve them once it leads (Storm's blob replication).
  void replicate_blobs(const NimbusInfo& leader);
  /// The registered supervisors that run this Nimbus's version (the others are logged, once).
  std::vector<SupervisorInfo> schedulable_supervisors();
  StormBase live_storm(const std::string& name);
  void require_leader() const;
  /// The topology document of `storm` from the blob store. Throws NimbusError 503 when this
  /// Nimbus does not hold it (a standby that has not copied it yet).
  nlohmann::json document_of(const StormBase& storm) const;
  /// Sets the parallelism of each component of `executors` in `document` and returns the change
  /// of the topology's executor count. Throws NimbusError 400 for an unknown component or a
  /// count outside 1..its tasks.
  static int with_component_executors(nlohmann::json& document, const std::map<std::string, int>& executors);

  ClusterSettings settings_;
  std::string version_;
  BlobStore blobs_;
  std::unique_ptr<ZkClient> zk_;
  std::unique_ptr<ClusterState> state_;
  std::string election_node_;
  std::atomic<bool> leader_{false};
  std::map<std::string, std::chrono::steady_clock::time_point> absent_since_;  ///< supervisor id → first seen gone
  std::mutex schedule_mutex_;
  std::mutex refused_mutex_;
  std::set<std::string> refused_versions_;  ///< "<supervisor id> <version>" already logged as refused
  std::set<std::string> replicated_;        ///< topology documents (blob keys) whose blobs this standby holds
  std::atomic<int> submitted_{0};
  std::unique_ptr<Api> api_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread monitor_;
};

}  // namespace squall::cluster
