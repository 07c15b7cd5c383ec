#pragma once
// The cluster's state in ZooKeeper, typed: Storm's StormClusterState for squall's records.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "squall/cluster/state/cluster_records.hpp"
#include "squall/cluster/zookeeper/zk_client.hpp"

namespace squall::cluster {

/// Reads and writes the records of cluster_records.hpp under `root` (storm.zookeeper.root,
/// default /squall). Every call is one or a few ZooKeeper operations; ZooKeeperError passes
/// through (a record that does not parse is skipped with a warning, never trusted).
class ClusterState {
 public:
  ClusterState(ZkClient& zk, std::string root);
  /// Creates the root and its folders when missing.
  void ensure_layout();
  ZkClient& zookeeper() noexcept { return zk_; }

  std::vector<std::string> topology_ids();
  std::optional<StormBase> storm(const std::string& id);
  /// The live topology named `name` (not killed), if any.
  std::optional<StormBase> storm_by_name(const std::string& name);
  void put_storm(const StormBase& storm);
  /// Removes every record of the topology (storm, assignment, worker beats, errors).
  void remove_topology(const std::string& id);

  std::optional<Assignment> assignment(const std::string& id);
  void put_assignment(const Assignment& assignment);

  std::vector<SupervisorInfo> supervisors();
  /// Registers (ephemeral: it goes with this session) or refreshes a supervisor.
  void register_supervisor(const SupervisorInfo& info);

  std::vector<NimbusInfo> nimbuses();
  void register_nimbus(const NimbusInfo& info);
  /// Enters the leader election (an ephemeral sequential node under /leader-lock); returns the
  /// node's name. The lowest sequence number leads (ZooKeeper's leader-election recipe).
  std::string join_leader_election(const NimbusInfo& info);
  /// The leader's node name and info, if any Nimbus is in the election.
  std::optional<std::pair<std::string, NimbusInfo>> leader();

  void put_worker_beat(const WorkerBeat& beat);
  std::vector<WorkerBeat> worker_beats(const std::string& topology_id);
  void remove_worker_beat(const std::string& topology_id, const std::string& host, int port);

  /// Task state a task moved to another host must find there (CsvSpout's progress, FileSink's
  /// marker): files of the topology's state folder under /taskstate/<id>/<file name>.
  void put_task_state(const std::string& topology_id, const std::string& file_name, const std::string& bytes);
  /// (file name, bytes) of each task state file of `topology_id`.
  std::vector<std::pair<std::string, std::string>> task_states(const std::string& topology_id);

  /// /metrics/<id>/<supervisor id>: the metrics of the topology's tasks on that supervisor, in
  /// the form its workers report them (runtime/workers/worker_report.hpp), for `squall ui`
  /// (Storm keeps executor stats in ZooKeeper heartbeats likewise).
  void put_metrics(const std::string& topology_id, const std::string& supervisor_id, const std::string& bytes);
  /// Each supervisor's metrics of `topology_id`.
  std::vector<std::string> metrics(const std::string& topology_id);

  /// Adds `error` to /errors/<id>/<component>, which keeps the last kErrorsKept (Storm: 10).
  void add_error(const std::string& topology_id, const std::string& component, const ErrorInfo& error);
  /// component → its last errors, oldest first.
  std::map<std::string, std::vector<ErrorInfo>> errors(const std::string& topology_id);
  static constexpr std::size_t kErrorsKept = 10;

  /// Paths, for tests and tools.
  std::string path(const std::string& relative) const { return root_ + relative; }

 private:
  template <typename Record>
  std::optional<Record> read(const std::string& path);
  ZkClient& zk_;
  std::string root_;
};

}  // namespace squall::cluster
