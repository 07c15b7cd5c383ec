#pragma once
// Runs topologies inside this process (Storm's LocalCluster).
//
//   squall::LocalCluster cluster;
//   cluster.submit_topology("word-count", config, builder.create_topology());
//   cluster.wait_until_complete("word-count", std::chrono::minutes(1));  // finite spouts
//   auto metrics = cluster.kill_topology("word-count");
//   std::cout << metrics.summary_table();

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "runtime/metrics/metrics_snapshot.hpp"
#include "topology/config.hpp"
#include "topology/topology.hpp"

namespace squall {

namespace runtime {
class TopologyRun;
}

class LocalCluster {
 public:
  LocalCluster();
  /// Kills every topology still running.
  ~LocalCluster();

  /// Starts `topology` under `name`: one thread per executor, ZeroMQ inproc between them.
  /// Throws TopologyError for a name in use or an invalid config value.
  void submit_topology(const std::string& name, const Config& config, Topology topology);

  /// Blocks until every spout is exhausted and every tuple is acked or failed and nothing is in
  /// flight (true), or until `timeout` passes or SIGINT/SIGTERM arrives (false).
  /// Throws TopologyError for an unknown name, or when an executor stopped on an exception (a
  /// bolt's prepare threw, say), since the topology can then never complete.
  bool wait_until_complete(const std::string& name, std::chrono::milliseconds timeout);
  /// Blocks for `duration`, or until SIGINT/SIGTERM arrives.
  void run_for(std::chrono::milliseconds duration);

  /// Stops the topology and returns its final metrics; close() and cleanup() run on every task.
  /// With a drain timeout the spouts are deactivated first and pending tuples get up to that long
  /// to complete (Storm's kill -w). The summary table is logged at debug level; print
  /// MetricsSnapshot::summary_table() to show it. Throws TopologyError for an unknown name.
  MetricsSnapshot kill_topology(const std::string& name,
                                std::chrono::milliseconds drain_timeout = std::chrono::milliseconds(0));

  /// Current metrics. Throws TopologyError for an unknown name.
  MetricsSnapshot metrics(const std::string& name) const;

 private:
  runtime::TopologyRun& find(const std::string& name) const;
  std::map<std::string, std::unique_ptr<runtime::TopologyRun>> runs_;
};

}  // namespace squall
