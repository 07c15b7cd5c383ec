#include "squall/web/monitor_target.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall::web {

LocalClusterTarget::LocalClusterTarget(LocalCluster& cluster, std::map<std::string, TopologyGraph> graphs,
                                       std::function<void(const std::string&, int)> on_kill)
    : cluster_(cluster), graphs_(std::move(graphs)), on_kill_(std::move(on_kill)) {}

const TopologyGraph& LocalClusterTarget::known(const std::string& id) const {
  auto it = graphs_.find(id);
  if (it == graphs_.end()) throw TopologyError(fmt::format("no topology '{}'", id));
  return it->second;
}

std::vector<MetricsSnapshot> LocalClusterTarget::snapshots() const {
  std::vector<MetricsSnapshot> out;
  for (const auto& [name, graph] : graphs_) out.push_back(cluster_.metrics(name));
  return out;
}

std::optional<TopologyGraph> LocalClusterTarget::graph(const std::string& id) const {
  auto it = graphs_.find(id);
  if (it == graphs_.end()) return std::nullopt;
  return it->second;
}

void LocalClusterTarget::activate(const std::string& id) {
  known(id);
  cluster_.activate(id);
}

void LocalClusterTarget::deactivate(const std::string& id) {
  known(id);
  cluster_.deactivate(id);
}

void LocalClusterTarget::kill(const std::string& id, int wait_secs) {
  known(id);
  cluster_.deactivate(id);
  on_kill_(id, wait_secs);
}

void LocalClusterTarget::rebalance(const std::string& id, int) {
  known(id);
  throw Error("rebalance moves executors between workers of a cluster; a local run's are fixed at submit "
              "(resubmit with other parallelism hints or topology.workers)");
}

}  // namespace squall::web
