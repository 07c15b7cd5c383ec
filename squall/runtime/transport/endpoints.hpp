#pragma once
// Where executors of different worker processes reach each other, and how links are secured.

#include <string>
#include <string_view>
#include <vector>

#include "squall/api/config.hpp"

namespace squall::runtime {

/// "a,b,c" → {"a","b","c"}; "" → {}: squall.messaging.executor.endpoints and the supervisor's
/// command message list endpoints so.
std::vector<std::string> split_endpoint_list(std::string_view listed);
/// The inverse of split_endpoint_list.
std::string join_endpoint_list(const std::vector<std::string>& endpoints);

/// The transport between worker processes, read from the squall.messaging.* config keys.
struct TransportSettings {
  enum class Kind { ipc, tcp };
  Kind kind = Kind::ipc;
  std::string ipc_dir;                ///< ipc sockets live here (also the supervisor's control sockets)
  std::string tcp_host = "127.0.0.1";  ///< loopback unless configured otherwise
  int tcp_port_base = 6700;
  std::string curve_public_key, curve_secret_key;  ///< Z85; both empty = no CURVE
  /// In cluster mode, every executor's endpoint by executor index, from Nimbus's assignment
  /// (squall.messaging.executor.endpoints); empty = derived from the kind, host and port base.
  std::vector<std::string> executor_endpoints;

  bool curve() const noexcept { return !curve_public_key.empty(); }
  /// Reads the settings. Throws TopologyError for an unknown transport, a port base outside
  /// 1..65535, a missing ipc directory, or a CURVE key that is not 40 Z85 characters (or only
  /// one key of the pair).
  static TransportSettings from(const Config& config);
  /// The endpoint executor `executor` listens on for tuples from other workers:
  /// ipc://DIR/executor-N, tcp://HOST:(BASE+N), or the listed endpoint.
  std::string executor_endpoint(int executor) const;
  /// The supervisor's sockets (always ipc: they never leave the machine).
  std::string reports_endpoint() const { return "ipc://" + ipc_dir + "/supervisor"; }
  std::string control_endpoint() const { return "ipc://" + ipc_dir + "/control"; }
};

}  // namespace squall::runtime
