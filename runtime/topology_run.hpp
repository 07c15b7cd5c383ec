#pragma once
// One running topology inside this process: its executors, termination detection and reporter.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "runtime/metrics/metrics_snapshot.hpp"
#include "runtime/run_state.hpp"

namespace squall::runtime {

class Executor;

class TopologyRun {
 public:
  /// Plans and starts the topology. Throws TopologyError for an invalid config.
  TopologyRun(std::string name, Config config, Topology topology);
  ~TopologyRun();

  /// True when every spout is exhausted, nothing is pending and no tuple is queued or in flight.
  bool complete() const;
  /// True when an executor stopped on an exception: the topology cannot complete.
  bool failed() const noexcept { return state_->executor_failed; }
  /// True when nothing is pending and nothing is in flight (spouts may not be exhausted).
  bool drained() const;
  /// Stops calling next_tuple; acks, fails and timeouts keep being processed.
  void deactivate();
  /// Stops every executor (close/cleanup run), joins them and returns the final metrics.
  /// Idempotent.
  MetricsSnapshot stop();
  MetricsSnapshot metrics() const;
  const Config& config() const noexcept { return state_->plan.config(); }

 private:
  struct Wave {
    std::uint64_t sent = 0, processed = 0, pending = 0;
    bool spouts_exhausted = true;
    bool operator==(const Wave&) const = default;
  };
  Wave collect() const;
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
