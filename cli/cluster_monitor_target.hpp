#pragma once
// What `squall ui` shows: a cluster's topologies, read from ZooKeeper, acted on through Nimbus.

#include <map>
#include <mutex>

#include "squall/cluster/client/nimbus_client.hpp"
#include "squall/cluster/state/cluster_state.hpp"
#include "squall/web/monitor_target.hpp"

namespace squall::cli {

/// Metrics are the supervisors' (ClusterState::metrics), merged per task; a topology's status and
/// uptime are its StormBase's, its graph its document's (fetched from Nimbus's blob store once).
/// Actions go to the API of the Nimbus leading at the time. A topology is known by its name.
class ClusterMonitorTarget final : public web::MonitorTarget {
 public:
  /// `secret`: storm.zookeeper.auth.payload, to sign requests to Nimbus (empty: unsigned).
  ClusterMonitorTarget(cluster::ClusterState& state, std::string secret);
  std::vector<MetricsSnapshot> snapshots() const override;
  std::optional<web::TopologyGraph> graph(const std::string& name) const override;
  void activate(const std::string& name) override;
  void deactivate(const std::string& name) override;
  void kill(const std::string& name, int wait_secs) override;
  void rebalance(const std::string& name, int wait_secs) override;

 private:
  /// POSTs `action` for topology `name`; NimbusError 404 becomes TopologyError.
  void act(const std::string& name, const std::string& action) const;

  mutable std::mutex mutex_;  // the ZooKeeper client and the caches, shared by the server's threads
  cluster::ClusterState& state_;
  std::string secret_;
  mutable std::map<std::string, web::TopologyGraph> graphs_;  // by document blob key
};

}  // namespace squall::cli
