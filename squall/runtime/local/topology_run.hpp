#pragma once
// One running topology inside this process: its executors, termination detection and reporter.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "squall/runtime/metrics_snapshot.hpp"
#include "squall/runtime/metrics/task_record.hpp"
#include "squall/runtime/run/run_state.hpp"
#include "squall/runtime/run/termination.hpp"
#include "squall/runtime/running_topology.hpp"

namespace squall::runtime {

class Executor;

/// The executors of one topology in this process: all of them, or with a WorkerRole those of
/// one worker process.
class TopologyRun final : public RunningTopology {
 public:
  /// Plans and starts the topology. Throws TopologyError for an invalid config. With a role,
  /// `run_id` must be the one every worker of the topology got (it names inproc endpoints).
  TopologyRun(std::string name, Config config, Topology topology, std::optional<WorkerRole> role = std::nullopt,
              std::string run_id = {});
  ~TopologyRun() override;

  bool complete() const override;
  bool failed() const noexcept override { return state_->executor_failed; }
  bool drained() const override;
  void deactivate() override;
  void activate() override;
  bool active() const override;
  MetricsSnapshot stop() override;
  MetricsSnapshot metrics() const override;
  const Config& config() const noexcept { return state_->plan.config(); }

  /// The counters of this process's executors, summed.
  RunTotals collect() const { return wave().sum; }
  /// A copy of every local task's metrics.
  std::vector<TaskRecord> task_records() const;
  /// Cluster mode: the assignment moved executors of other workers (one endpoint per executor,
  /// by index); the links to them reconnect. Returns whether an endpoint changed. Throws
  /// std::invalid_argument for another count, std::logic_error without a WorkerRole.
  bool update_peer_endpoints(const std::vector<std::string>& endpoints);
  const RemoteLinkCounters& link_counters() const noexcept { return state_->link_counters; }

 private:
  /// The counters of this process's executors, one part per executor.
  Wave wave() const;
  bool quiescent(bool need_exhausted) const;
  void report_progress();

  std::unique_ptr<RunState> state_;
  std::vector<std::unique_ptr<Executor>> executors_;
  std::chrono::steady_clock::time_point started_;
  std::thread reporter_;
  std::mutex mutex_;
  std::condition_variable wake_reporter_;
  bool stopped_ = false;
  MetricsSnapshot final_;
};

}  // namespace squall::runtime
