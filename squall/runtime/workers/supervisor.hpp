#pragma once
// Runs a topology in topology.workers worker processes on this machine and keeps them running
// (Storm's supervisor, for one machine).

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "squall/api/topology.hpp"
#include "squall/runtime/metrics/task_record.hpp"
#include "squall/runtime/run/termination.hpp"
#include "squall/runtime/running_topology.hpp"
#include "squall/runtime/transport/endpoints.hpp"
#include "squall/runtime/workers/fork_server.hpp"
#include "squall/runtime/workers/run_directory.hpp"
#include "squall/runtime/workers/worker_report.hpp"

namespace squall::runtime {

/// Starts the workers (ExecutionPlan assigns executors to them), then watches them:
/// - a worker that exits or is killed is restarted with the same executors; the tuples it held
///   time out at their spouts and are replayed; the other workers keep running. A worker that
///   sends no heartbeat for supervisor.worker.timeout.secs (stopped, hung) is killed and restarted.
/// - the workers' heartbeats carry their metrics, merged here into one progress line and summary
///   (the counts of a dead incarnation are kept up to its last heartbeat).
/// - complete()/drained() detect termination across processes with the four-counter method over
///   two waves of heartbeats. After a restart the envelopes the dead worker held are lost to the
///   counts, so completion then also accepts "nothing pending, spouts exhausted, and not one
///   counter moved between the two waves".
/// - stop() tells every worker to stop (close/cleanup run), waits for them to exit and removes
///   the run directory it created. No worker outlives the supervisor (see ForkServer).
class Supervisor final : public RunningTopology {
 public:
  /// Throws TopologyError for an invalid topology or transport config, std::system_error when
  /// the run directory or the fork server cannot be created. Call while this process has no
  /// thread other than the caller's (see ForkServer).
  ///
  /// With `worker_executable` (the squall binary) each worker is a fresh process: the fork
  /// server execs `worker_executable worker --document ...` on the topology document this
  /// writes into the run directory (mode 0600: it holds the run's CURVE secret key), and the
  /// worker makes its executors from it (worker_main.hpp). Every component must then have a
  /// registered className (TopologyDocumentError otherwise). Without it, workers are forked
  /// copies of this process that already hold the topology's factories.
  ///
  /// `local_workers` (cluster mode: the workers Nimbus assigned to this host) limits the workers
  /// this supervisor starts and watches; the others run elsewhere, at the endpoints the config's
  /// squall.messaging.executor.endpoints gives. Empty: every worker. complete() and drained()
  /// need every worker, so they are for one-host runs only. In exec mode (a worker executable)
  /// this may be constructed in a process with threads: the fork server then only forks and
  /// execs, touching no lock but malloc's, which glibc and jemalloc make safe across fork.
  Supervisor(std::string name, Config config, Topology topology, std::filesystem::path worker_executable = {},
             std::vector<int> local_workers = {});
  ~Supervisor() override;

  bool complete() const override { return quiescent(true); }
  bool failed() const override;
  bool drained() const override { return quiescent(false); }
  void deactivate() override;
  void activate() override;
  bool active() const override;
  MetricsSnapshot stop() override;
  MetricsSnapshot metrics() const override;
  /// The task records of every worker run here (and of their earlier incarnations) as one
  /// report (worker -1): what cluster mode publishes for `squall ui`.
  WorkerReport merged_report() const;

  /// Cluster mode: Nimbus's assignment changed but kept this topology's document and worker
  /// count. `executor_endpoints` (one per executor) replace the config's, and reach the running
  /// workers, whose links to moved executors reconnect (no restart). Workers now in
  /// `local_workers` and not running here start; those no longer in it are killed (SIGKILL, as
  /// Storm's supervisor kills a worker no longer assigned to it) and not restarted. Throws
  /// TopologyError for an endpoint count that is not the executor count, std::system_error when
  /// the topology document cannot be rewritten.
  void reassign(std::vector<std::string> executor_endpoints, const std::vector<int>& local_workers);
  /// The task ids the executors of worker `worker` run (ExecutionPlan's placement).
  const std::vector<int>& tasks_of_worker(int worker) const { return tasks_by_worker_.at(static_cast<std::size_t>(worker)); }

  /// The process id of each worker, by worker index; 0 while a worker is being restarted.
  std::vector<int> worker_pids() const;
  /// The ipc sockets and spout state live here.
  const std::string& run_directory() const noexcept { return directory_->path(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Worker {
    int pid = 0;
    Clock::time_point started, last_heartbeat;
    std::optional<WorkerReport> latest;  ///< of the current incarnation
    std::vector<TaskRecord> retired;     ///< metrics of earlier incarnations, summed
    std::uint64_t retired_malformed = 0, retired_refused = 0;
    bool killing = false, finished = false, start_requested = false;
    bool elsewhere = false;  ///< runs on another host (cluster mode): never started here
    int quick_deaths = 0;
    std::optional<Clock::time_point> restart_at;
  };
  void watch();
  void receive_reports();
  void handle_events();
  void handle_exit(int index, Worker& w, int status);
  void check_heartbeats(Clock::time_point now);
  void publish_commands();
  std::optional<Wave> wave_after(std::int64_t since_ns) const;
  bool quiescent(bool need_exhausted) const;
  MetricsSnapshot metrics_locked() const;
  WorkerReport merged_report_locked() const;

  std::string name_;
  Config config_;
  TransportSettings transport_;
  std::string listed_endpoints_;  ///< transport_.executor_endpoints as the workers' commands carry them
  int worker_count_ = 1;
  std::unique_ptr<RunDirectory> directory_;
  std::filesystem::path document_;  ///< the topology document exec'd workers read; empty when forking
  nlohmann::json document_json_;    ///< its content (rewritten by reassign)
  std::vector<std::vector<int>> tasks_by_worker_;
  std::chrono::duration<double> heartbeat_, timeout_, start_timeout_, progress_interval_;
  std::unique_ptr<ForkServer> fork_;
  zmq::context_t zmq_{1};
  zmq::socket_t reports_, control_;
  Clock::time_point started_;

  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::vector<Worker> workers_;
  bool deactivated_ = false, stopping_ = false, quit_ = false, stopped_ = false, failed_ = false;
  std::uint64_t restarts_ = 0;
  MetricsSnapshot final_;
  std::thread watcher_;
};

}  // namespace squall::runtime
