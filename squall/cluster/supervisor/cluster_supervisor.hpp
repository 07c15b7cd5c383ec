#pragma once
// A supervisor daemon of a cluster (Storm's Supervisor): registers its host and slots in
// ZooKeeper, runs the workers Nimbus assigns to it, restarts them when they die, and stops the
// ones no longer assigned to it.

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "squall/cluster/blobs/blob_reference.hpp"
#include "squall/cluster/blobs/blob_store.hpp"
#include "squall/cluster/cluster_settings.hpp"
#include "squall/cluster/state/cluster_state.hpp"
#include "squall/cluster/supervisor/task_state_mirror.hpp"

namespace squall::runtime {
class Supervisor;
}

namespace squall::cluster {

class ClusterSupervisor {
 public:
  /// Connects to ZooKeeper and registers (ephemeral /supervisors/<host>-<first slot>), then syncs
  /// with its assignments every supervisor.monitor.frequency.secs. Workers are exec'd from
  /// `worker_executable` (the squall binary). Throws ZooKeeperError when ZooKeeper cannot be reached.
  ClusterSupervisor(ClusterSettings settings, std::filesystem::path worker_executable);
  /// Stops every worker it runs.
  ~ClusterSupervisor();
  ClusterSupervisor(const ClusterSupervisor&) = delete;
  ClusterSupervisor& operator=(const ClusterSupervisor&) = delete;

  const std::string& id() const noexcept { return id_; }
  /// Blocks until stop().
  void wait();
  void stop();

 private:
  /// The workers of one topology this supervisor runs, as assigned.
  struct Run {
    Assignment assignment;
    std::vector<int> workers;
    std::string name;
    std::unique_ptr<runtime::Supervisor> supervisor;
    std::chrono::steady_clock::time_point started;
    std::unique_ptr<TaskStateMirror> task_state;  ///< the state folder, mirrored to ZooKeeper
    std::map<int, std::uint64_t> errors_published;  ///< task → its errors counted when last published to /errors
  };
  void sync_loop();
  void sync_once();
  void register_self();
  void start_run(const std::string& topology_id, const Assignment& assignment, std::vector<int> workers);
  void stop_run(const std::string& topology_id, const char* why);
  /// A new assignment of a topology running here, with the same document and worker count
  /// (Nimbus moved a dead host's workers): workers that keep their slots run on, the workers
  /// that moved here start (their task state restored from ZooKeeper), those that moved away
  /// are killed, and every worker reconnects to the moved executors. False when it cannot be
  /// followed in place (another document or worker count, a worker that changed its port here,
  /// or an error): the caller then restarts the run.
  bool follow_reassignment(const std::string& topology_id, Run& run, const Assignment& next);
  void stop_all(const char* why);
  /// Adds the tasks' errors since the last sync to /errors/<id>/<component> (Storm's last 10).
  void publish_errors(const std::string& topology_id, Run& run);
  /// The topology document of `assignment`, with plugins fetched and config set for this host.
  nlohmann::json local_document(const std::string& topology_id, const Assignment& assignment);
  /// Where this host's tasks of `topology_id` keep their state (squall.worker.state.dir).
  std::filesystem::path state_folder(const std::string& topology_id) const { return local_dir_ / "state" / topology_id; }
  /// The blob `key` from the local store, else from Nimbus (stored once its SHA-256 matches).
  std::string fetch_blob(const std::string& key);
  /// The local file holding `blob` under its own name, downloaded when missing.
  std::filesystem::path local_copy(const BlobReference& blob);

  ClusterSettings settings_;
  std::filesystem::path worker_executable_;
  std::filesystem::path local_dir_;
  std::string id_;
  BlobStore blobs_;
  std::unique_ptr<ZkClient> zk_;
  std::unique_ptr<ClusterState> state_;
  std::map<std::string, Run> runs_;  ///< by topology id; only the sync thread touches it
  std::map<std::string, std::chrono::steady_clock::time_point> retry_after_;  ///< failed starts
  std::string nimbus_version_warned_;  ///< the leader's other version, once logged
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread sync_;
};

}  // namespace squall::cluster
