#include "cluster_options.hpp"

#include <stdexcept>

namespace squall::cli {

void ClusterOptions::add_to(CLI::App& command, const std::string& config_names) {
  command.add_option(config_names, config_file, "cluster config file (squall.yaml; Storm's storm.yaml keys)")
      ->check(CLI::ExistingFile);
  command.add_option("--zookeeper", zookeeper, "ZooKeeper servers, host:port[,host:port] (storm.zookeeper.servers)");
  command.add_option("--set", overrides, "a cluster setting, key=value (repeatable; e.g. --set storm.zookeeper.root=/x)");
}

cluster::ClusterSettings ClusterOptions::settings() const {
  auto s = config_file.empty() ? cluster::ClusterSettings{} : cluster::ClusterSettings::from_file(config_file);
  if (!zookeeper.empty()) s.set("storm.zookeeper.servers", zookeeper);
  for (const auto& kv : overrides) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) throw std::runtime_error("--set expects key=value, got '" + kv + "'");
    s.set(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return s;
}

ClusterConnection::ClusterConnection(const cluster::ClusterSettings& settings)
    : zk(std::make_unique<cluster::ZkClient>(settings.zookeeper_servers, settings.session_timeout,
                                             std::min<std::chrono::milliseconds>(settings.session_timeout, std::chrono::seconds(10)),
                                             settings.zookeeper_digest)),
      state(std::make_unique<cluster::ClusterState>(*zk, settings.zookeeper_root)),
      secret(settings.zookeeper_digest) {}

}  // namespace squall::cli
