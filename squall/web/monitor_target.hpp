#pragma once
// What a MonitorServer shows and acts on: the topologies of a LocalCluster (squall run --ui).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "squall/runtime/local_cluster.hpp"
#include "squall/runtime/metrics_snapshot.hpp"
#include "squall/web/topology_graph.hpp"

namespace squall::web {

/// Called on the server's threads: implementations must be thread-safe.
class MonitorTarget {
 public:
  virtual ~MonitorTarget() = default;
  /// The current metrics of every topology.
  virtual std::vector<MetricsSnapshot> snapshots() const = 0;
  /// A topology's components and streams; nullopt for an unknown id.
  virtual std::optional<TopologyGraph> graph(const std::string& id) const = 0;
  /// Storm's topology actions. Each throws TopologyError for an unknown id, and Error for an
  /// action this target cannot take (the message says why).
  virtual void activate(const std::string& id) = 0;
  virtual void deactivate(const std::string& id) = 0;
  /// Deactivates the spouts, lets pending tuples complete for up to `wait_secs`, then stops.
  virtual void kill(const std::string& id, int wait_secs) = 0;
  virtual void rebalance(const std::string& id, int wait_secs) = 0;
};

/// The topologies a LocalCluster runs. Kill is the owner's: `on_kill(id, wait_secs)` must make
/// it stop the topology (squall run ends its wait, drains for `wait_secs` and kills). Rebalance
/// throws Error: a local run's executors and workers are fixed at submit.
class LocalClusterTarget final : public MonitorTarget {
 public:
  /// `graphs`: each topology's shape by name (graph_of before submit_topology).
  LocalClusterTarget(LocalCluster& cluster, std::map<std::string, TopologyGraph> graphs,
                     std::function<void(const std::string&, int)> on_kill);
  std::vector<MetricsSnapshot> snapshots() const override;
  std::optional<TopologyGraph> graph(const std::string& id) const override;
  void activate(const std::string& id) override;
  void deactivate(const std::string& id) override;
  void kill(const std::string& id, int wait_secs) override;
  void rebalance(const std::string& id, int wait_secs) override;

 private:
  const TopologyGraph& known(const std::string& id) const;
  LocalCluster& cluster_;
  std::map<std::string, TopologyGraph> graphs_;
  std::function<void(const std::string&, int)> on_kill_;
};

}  // namespace squall::web
