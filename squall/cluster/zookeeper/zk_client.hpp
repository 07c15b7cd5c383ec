#pragma once
// A synchronous client of a ZooKeeper ensemble over the C client (libzookeeper-mt): the
// operations squall's control plane uses, with errors as exceptions naming the path.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace squall::cluster {

/// A ZooKeeper operation failed. `code` is the C client's ZOO_ERRORS value (ZNONODE = -101,
/// ZNODEEXISTS = -110, ZBADVERSION = -103, ZCONNECTIONLOSS = -4, ZSESSIONEXPIRED = -112, ...).
class ZooKeeperError : public std::runtime_error {
 public:
  ZooKeeperError(int code, const std::string& what) : std::runtime_error(what), code(code) {}
  int code;
  /// The ensemble cannot be reached now (connection loss, timeout, expired session).
  bool unavailable() const noexcept;
};

/// A znode's data and version (for versioned sets: Storm writes assignments this way).
struct ZkNode {
  std::string data;
  int version = 0;
};

/// One ZooKeeper session. Thread-safe (the C client's mt variant). Session events arrive on the
/// client's own thread; this tracks them so callers can ask `connected()` / `expired()`.
class ZkClient {
 public:
  enum class Mode { persistent, ephemeral, persistent_sequential, ephemeral_sequential };

  /// Connects to `servers` ("host:port,host:port"), waiting up to `connect_timeout` for the
  /// session. `digest` ("user:password", or empty) is added as the session's digest identity,
  /// and nodes this session creates are then readable and writable by that identity only
  /// (ZooKeeper's CREATOR_ALL_ACL). Throws ZooKeeperError when no session is established in time.
  ZkClient(std::string servers, std::chrono::milliseconds session_timeout,
           std::chrono::milliseconds connect_timeout = std::chrono::seconds(15), std::string digest = {});
  ~ZkClient();
  ZkClient(const ZkClient&) = delete;
  ZkClient& operator=(const ZkClient&) = delete;

  bool connected() const noexcept;
  /// The session expired (the ensemble dropped it: its ephemeral nodes are gone). Only
  /// reconnect() helps.
  bool expired() const noexcept;
  /// Closes the session and opens a new one (new ephemerals must be created again). Throws
  /// ZooKeeperError when no session is established within `timeout`.
  void reconnect(std::chrono::milliseconds timeout);
  std::int64_t session_id() const noexcept;
  const std::string& servers() const noexcept { return servers_; }

  /// Creates `path` with `data`; returns the created path (with its sequence number for the
  /// sequential modes), or nullopt when it exists. The parent must exist.
  std::optional<std::string> create(const std::string& path, const std::string& data, Mode mode = Mode::persistent);
  /// Creates `path` and its missing ancestors, empty, persistent (`mkdir -p`).
  void ensure_path(const std::string& path);
  /// Creates or overwrites `path` (creating its ancestors).
  void put(const std::string& path, const std::string& data, Mode mode = Mode::persistent);
  /// The node, or nullopt when it does not exist.
  std::optional<ZkNode> get(const std::string& path);
  /// Sets `path`'s data if its version is `version` (-1: any). Returns false on a version
  /// mismatch or a missing node.
  bool set(const std::string& path, const std::string& data, int version = -1);
  /// Child names (not paths), sorted; empty when the node does not exist.
  std::vector<std::string> children(const std::string& path);
  bool exists(const std::string& path);
  /// Deletes `path` and everything below it; nothing when it does not exist.
  void remove_recursive(const std::string& path);

 private:
  struct Session;
  void open(std::chrono::milliseconds timeout);
  void check(int rc, const char* op, const std::string& path) const;

  std::string servers_;
  std::chrono::milliseconds session_timeout_;
  std::string digest_;
  std::unique_ptr<Session> session_;
};

}  // namespace squall::cluster
