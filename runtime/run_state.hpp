#pragma once
// State shared by all executors of one running topology.

#include <atomic>
#include <barrier>
#include <chrono>
#include <memory>
#include <vector>

#include <zmq.hpp>

#include "runtime/execution_plan.hpp"
#include "runtime/metrics/task_metrics.hpp"
#include "runtime/transport/outbox.hpp"

namespace squall::runtime {

/// Settings read once from the topology config.
struct RunSettings {
  std::size_t batch_size;
  int receive_batches;
  std::chrono::milliseconds message_timeout;
  std::size_t max_spout_pending;  ///< 0 = no cap
  std::uint32_t latency_sample_every;
  std::chrono::microseconds max_batch_delay{1000};
  static RunSettings from(const Config& config);
};

struct RunState {
  RunState(std::string run_id, ExecutionPlan plan);

  std::string run_id;
  ExecutionPlan plan;
  RunSettings settings;
  zmq::context_t zmq{1};
  std::vector<ExecutorCounters> counters;               ///< by executor index
  std::vector<std::unique_ptr<TaskMetrics>> task_metrics;  ///< by task id
  std::atomic<bool> deactivated{false};  ///< spouts stop calling next_tuple
  std::atomic<bool> stopping{false};     ///< executors leave their loops
  /// An executor stopped on an exception (e.g. a bolt's prepare threw): the run cannot complete.
  std::atomic<bool> executor_failed{false};
  std::barrier<> shutdown_barrier;
  BatchPool batch_pool;       ///< executors meet here before draining their inboxes

  OutboxSettings outbox_settings();
};

}  // namespace squall::runtime
