#pragma once
// The folder a multi-worker run keeps its ipc sockets and its spouts' state in: stable across
// supervisor restarts, locked against two runs of one topology, cleaned on a clean exit.

#include <string>

#include "squall/api/config.hpp"

namespace squall::runtime {

/// Chooses and locks the run's folders, and writes them into the run's config:
/// - `squall.messaging.ipc.dir` unset: `$TMPDIR/squall-<uid>/<topology>` (the name made safe by
///   safe_file_name), mode 0700, removed on a clean exit. The same topology name gives the same
///   folder, so `squall run` after a kill -9 of the supervisor finds the state its spouts left
///   (CsvSpout's progress, FileSink's opened marker) and resumes; nothing accumulates in /tmp.
/// - set: used as it is (never chmodded; created with 0700 when missing). A clean exit removes
///   what the run made in it (sockets, lock, state), not the folder.
/// - `squall.worker.state.dir` set: the user's, left alone; unset: `<run dir>/<topology>-state`.
/// The lock is `<run dir>/<topology>.lock` (flock): a second run of the same topology from the
/// same run folder waits up to 10 s (the workers of a killed run release it as they exit), then
/// is refused.
class RunDirectory {
 public:
  /// Throws TopologyError when another process holds the lock, std::filesystem::filesystem_error
  /// when a folder cannot be created.
  RunDirectory(const std::string& topology, Config& config);
  ~RunDirectory();
  RunDirectory(const RunDirectory&) = delete;
  RunDirectory& operator=(const RunDirectory&) = delete;

  const std::string& path() const noexcept { return path_; }
  /// Removes what this run made (call after every worker has exited, on a clean stop).
  void clean();

 private:
  std::string path_, lock_file_, state_dir_;
  bool owns_path_ = false, owns_state_ = false;
  int lock_fd_ = -1;
};

}  // namespace squall::runtime
