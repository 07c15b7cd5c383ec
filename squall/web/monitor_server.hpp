#pragma once
// An HTTP endpoint for watching running topologies: Prometheus's /metrics and Storm UI's REST API.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "squall/runtime/metrics_snapshot.hpp"

namespace httplib {
class Server;
}

namespace squall::web {

/// Serves, from a thread of its own, what `snapshots()` returns at each request:
///   GET /metrics                      Prometheus text format (prometheus_text.hpp)
///   GET /api/v1/cluster/summary       Storm UI's REST API (storm_rest.hpp)
///   GET /api/v1/topology/summary
///   GET /api/v1/topology/:id          404 with {"error"} for an unknown id
/// `snapshots` is called on the server's threads: it must be thread-safe.
class MonitorServer {
 public:
  using Snapshots = std::function<std::vector<MetricsSnapshot>()>;
  /// Binds `host`:`port` (0: a free port) and starts serving. Throws Error naming host:port when
  /// it cannot bind.
  MonitorServer(const std::string& host, int port, Snapshots snapshots);
  /// Stops serving and joins the thread.
  ~MonitorServer();
  MonitorServer(const MonitorServer&) = delete;
  MonitorServer& operator=(const MonitorServer&) = delete;

  /// "http://host:port/".
  const std::string& url() const noexcept { return url_; }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::atomic<bool> stopped_{false};  ///< listen_after_bind returned
  std::string url_;
};

}  // namespace squall::web
