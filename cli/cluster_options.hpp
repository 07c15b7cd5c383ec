#pragma once
// The options every cluster command shares: where ZooKeeper is, and a squall.yaml.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "squall/cluster/client/nimbus_client.hpp"
#include "squall/cluster/cluster_settings.hpp"
#include "squall/cluster/state/cluster_state.hpp"

namespace squall::cli {

struct ClusterOptions {
  std::string config_file;               ///< --cluster-config: a squall.yaml (Storm's storm.yaml keys)
  std::string zookeeper;                 ///< --zookeeper host:port[,host:port]
  std::vector<std::string> overrides;    ///< --set key=value (the same keys)

  /// Adds the options; `config_names` is how the file option is spelled.
  void add_to(CLI::App& command, const std::string& config_names = "--cluster-config");
  /// The settings: defaults, then the file, then --zookeeper, then each --set. Throws
  /// std::runtime_error (file:line:column for the file).
  cluster::ClusterSettings settings() const;
};

/// A ZooKeeper session and the cluster state for a client command.
struct ClusterConnection {
  explicit ClusterConnection(const cluster::ClusterSettings& settings);
  /// The leader Nimbus's API, requests signed with the cluster's secret when it has one.
  cluster::NimbusClient nimbus() const { return cluster::NimbusClient(*state, secret); }
  std::unique_ptr<cluster::ZkClient> zk;
  std::unique_ptr<cluster::ClusterState> state;
  std::string secret;  ///< storm.zookeeper.auth.payload
};

}  // namespace squall::cli
