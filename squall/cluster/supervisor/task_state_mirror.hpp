#pragma once
// A topology's task state folder on one host, mirrored to ZooKeeper, so that a task rescheduled
// onto another host resumes where it was: CsvSpout's progress (which rows are done) and FileSink's
// marker (append, not truncate) are small files the runtime keeps in squall.worker.state.dir.
// Storm keeps such spout state in ZooKeeper too (storm-kafka's offsets under zkRoot); Kafka's
// offsets stay in Kafka.
//
// Lag: a file reaches ZooKeeper at the next supervisor sync (supervisor.monitor.frequency.secs),
// so a task that moves replays at most the rows done in that period, plus those in flight.

#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>

#include "squall/cluster/state/cluster_state.hpp"

namespace squall::cluster {

class TaskStateMirror {
 public:
  /// Files larger than this stay local (a ZooKeeper node holds at most 1 MiB): bytes.
  static constexpr std::uintmax_t kMaxFileBytes = 512 * 1024;

  /// Restores `folder` from /taskstate/<topology_id> (ZooKeeper's copy replaces a local file of
  /// the same name) and takes every file now in it as mirrored. Throws ZooKeeperError.
  TaskStateMirror(ClusterState& state, std::string topology_id, std::filesystem::path folder);

  /// Uploads the files written since the constructor or the last call, except those of released
  /// tasks. Throws ZooKeeperError (what was not uploaded is tried again at the next call).
  void upload_changes();
  /// Tasks Nimbus moved onto this host while the topology runs here: their files are replaced by
  /// ZooKeeper's copies (the latest their previous host uploaded) and mirrored from now on.
  /// Call before their worker starts. Throws ZooKeeperError.
  void restore_tasks(const std::set<int>& tasks);
  /// Tasks Nimbus moved away: their files here stay as they are and are no longer uploaded, so
  /// that the newer copies their new host uploads are not overwritten.
  void release_tasks(const std::set<int>& tasks);

 private:
  /// Writes ZooKeeper's copy of each file `wanted` accepts (by name) into the folder.
  void restore(const std::function<bool(const std::string&)>& wanted);
  bool released(const std::string& file_name) const;

  ClusterState& state_;
  std::string topology_id_;
  std::filesystem::path folder_;
  std::map<std::string, std::filesystem::file_time_type> mirrored_;  ///< file name → its mtime when mirrored
  std::set<int> released_;  ///< tasks whose files are not uploaded
};

}  // namespace squall::cluster
