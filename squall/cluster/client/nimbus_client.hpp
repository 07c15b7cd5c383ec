#pragma once
// A client of the leader Nimbus's API (nimbus_api.hpp), found through ZooKeeper: what `squall
// submit`, `list`, `kill`... and the supervisors (downloading blobs) use.

#include <string>

#include <nlohmann/json.hpp>

#include "squall/cluster/state/cluster_state.hpp"

namespace squall::cluster {

class NimbusClient {
 public:
  /// Talks to the Nimbus that leads now (ClusterState::leader), signing each request with
  /// `secret` (storm.zookeeper.auth.payload; empty: unsigned; request_signature.hpp). Throws
  /// NimbusError (503) when no Nimbus leads.
  explicit NimbusClient(ClusterState& state, std::string secret = {});
  /// Talks to the Nimbus at host:port.
  NimbusClient(std::string host, int port, std::string secret = {})
      : host_(std::move(host)), port_(port), secret_(std::move(secret)) {}

  /// GET `path` → its JSON body. Throws NimbusError with Nimbus's status and message, or 503
  /// when Nimbus cannot be reached.
  nlohmann::json get(const std::string& path) const;
  /// POST `body` (JSON) to `path` → its JSON body. Throws like get().
  nlohmann::json post(const std::string& path, const nlohmann::json& body = nlohmann::json::object()) const;
  /// Uploads a blob; returns its key.
  std::string put_blob(const std::string& bytes) const;
  /// Downloads blob `key` and checks its SHA-256. Throws NimbusError.
  std::string get_blob(const std::string& key) const;
  std::string address() const { return host_ + ":" + std::to_string(port_); }

 private:
  std::string host_;
  int port_ = 0;
  std::string secret_;
};

}  // namespace squall::cluster
