#pragma once
// Runs topologies on this machine (Storm's LocalCluster): in this process, or with
// topology.workers N > 1 in N worker processes under a supervisor in this process.
//
//   squall::LocalCluster cluster;
//   cluster.submit_topology("word-count", config, builder.create_topology());
//   cluster.wait_until_complete("word-count", std::chrono::minutes(1));  // finite spouts
//   auto metrics = cluster.kill_topology("word-count");
//   std::cout << metrics.summary_table();

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "squall/runtime/metrics_snapshot.hpp"
#include "squall/api/config.hpp"
#include "squall/api/topology.hpp"

namespace squall {

namespace runtime {
class RunningTopology;
}

class LocalCluster {
 public:
  LocalCluster();
  /// Kills every topology still running.
  ~LocalCluster();

  /// Starts `topology` under `name`: one thread per executor, ZeroMQ inproc between them. With
  /// topology.workers N > 1 the executors run in N forked worker processes (see
  /// squall/runtime/workers/supervisor.hpp; submit before this process starts threads of its own).
  /// Throws TopologyError for a name in use or an invalid config value.
  void submit_topology(const std::string& name, const Config& config, Topology topology);

  /// Blocks until every spout is exhausted and every tuple is acked or failed and nothing is in
  /// flight (true), or until `timeout` passes or SIGINT/SIGTERM arrives (false).
  /// Throws TopologyError for an unknown name, or when an executor stopped on an exception (a
  /// bolt's prepare threw, say), since the topology can then never complete.
  bool wait_until_complete(const std::string& name, std::chrono::milliseconds timeout);
  /// Blocks for `duration`, until SIGINT/SIGTERM arrives, or until a topology failed (failed()).
  void run_for(std::chrono::milliseconds duration);
  /// An executor of the topology stopped on an exception (a bolt's prepare threw, say): it can
  /// never complete, and kill_topology does not wait for it to drain. Throws TopologyError for an
  /// unknown name.
  bool failed(const std::string& name) const;

  /// Stops the topology and returns its final metrics; close() and cleanup() run on every task.
  /// With a drain timeout the spouts are deactivated first and pending tuples get up to that long
  /// to complete (Storm's kill -w). The summary table is logged at debug level; print
  /// MetricsSnapshot::summary_table() to show it. Throws TopologyError for an unknown name.
  MetricsSnapshot kill_topology(const std::string& name,
                                std::chrono::milliseconds drain_timeout = std::chrono::milliseconds(0));

  /// Starts the workers of later submits (topology.workers > 1) as fresh processes of
  /// `squall_binary` (`squall worker`, worker_main.hpp) that make their executors from the
  /// topology document, instead of forked copies of this process. A topology with a component
  /// made by a C++ factory rather than a registered className is still forked (logged at info).
  void use_worker_executable(std::filesystem::path squall_binary) { worker_executable_ = std::move(squall_binary); }

  /// Stops calling the spouts' next_tuple (Spout::deactivate runs; Storm's deactivate): pending
  /// tuples still complete. Throws TopologyError for an unknown name.
  void deactivate(const std::string& name);
  /// Undoes deactivate (Spout::activate runs). Throws TopologyError for an unknown name.
  void activate(const std::string& name);
  /// Current metrics (merged over the workers); status "INACTIVE" while deactivated. Throws
  /// TopologyError for an unknown name.
  MetricsSnapshot metrics(const std::string& name) const;

  /// The process id of each worker, by worker index (this process's for a one-process run; 0
  /// for a worker being restarted). Throws TopologyError for an unknown name.
  std::vector<int> worker_pids(const std::string& name) const;

 private:
  runtime::RunningTopology& find(const std::string& name) const;
  std::map<std::string, std::unique_ptr<runtime::RunningTopology>> runs_;
  std::filesystem::path worker_executable_;
};

}  // namespace squall
