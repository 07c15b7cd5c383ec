#pragma once
// State shared by all executors of one running topology.

#include <atomic>
#include <barrier>
#include <chrono>
#include <memory>
#include <vector>

#include <zmq.hpp>

#include "squall/runtime/plan/execution_plan.hpp"
#include "squall/runtime/metrics/task_metrics.hpp"
#include "squall/runtime/transport/curve_authenticator.hpp"
#include "squall/runtime/transport/endpoints.hpp"
#include "squall/runtime/transport/outbox.hpp"
#include "squall/runtime/transport/peer_endpoints.hpp"

namespace squall::runtime {

/// Settings read once from the topology config.
struct RunSettings {
  std::size_t batch_size;
  std::size_t remote_batch_size;  ///< to executors of other workers
  /// The ZeroMQ high-water mark, in batches, at each end of an in-process link
  /// (squall.executor.receive.batches); the pipe holds both ends' worth before its sender waits.
  /// The default, 256 batches of 100, is of the order of Storm's executor receive queue (32,768
  /// tuples): with 16, a spout outrunning a descheduled bolt blocked within half a millisecond
  /// and the pipeline bench lost a quarter of its throughput to the ping-pong.
  int receive_batches;
  /// The same budget for a link from another worker, in frames of remote_batch_size.
  int remote_receive_frames;
  std::chrono::milliseconds message_timeout;
  std::size_t max_spout_pending;  ///< 0 = no cap
  std::int64_t max_replays;       ///< topology.max.replays; -1 = unlimited
  std::string dead_letter_file;   ///< squall.deadletter.file; empty = the default path
  std::uint32_t latency_sample_every;
  bool debug = false;             ///< topology.debug: log every emitted tuple
  std::chrono::microseconds max_batch_delay{1000};
  static RunSettings from(const Config& config);
};

/// This process's part in a topology of several worker processes.
struct WorkerRole {
  int worker = 0;  ///< index, 0..workers-1
  TransportSettings transport;
};

struct RunState {
  /// Without a role the process runs every executor; with one, the executors assigned to
  /// `role->worker` (ExecutionPlan::worker_of_executor), talking to the others over `transport`.
  RunState(std::string run_id, ExecutionPlan plan, std::optional<WorkerRole> role = std::nullopt);

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
  std::barrier<> shutdown_barrier;  ///< executors meet here before draining their inboxes
  BatchPool batch_pool;
  std::optional<WorkerRole> role;
  std::vector<bool> remote_executors;  ///< by executor index; all false in a one-process run
  std::unique_ptr<PeerEndpoints> peers;  ///< with a role: where every executor listens now
  RemoteLinkCounters link_counters;
  std::unique_ptr<CurveAuthenticator> authenticator;  ///< with CURVE on

  bool runs_here(int executor) const { return !remote_executors[static_cast<std::size_t>(executor)]; }

  OutboxSettings outbox_settings();
};

}  // namespace squall::runtime
