#pragma once
// An HTTP endpoint for watching running topologies: a live web UI, Storm UI's REST API and
// Prometheus's /metrics (docs/monitoring.md).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "squall/web/metrics_history.hpp"
#include "squall/web/monitor_target.hpp"
#include "squall/web/storm_rest.hpp"

namespace httplib {
class Server;
struct Response;
}

namespace squall::web {

struct MonitorSettings {
  std::string host = "127.0.0.1";  ///< the address to listen on: loopback unless told otherwise
  int port = 0;                    ///< 0: a free port
  /// Serve the POST actions (activate, deactivate, rebalance, kill); off: they answer 403.
  bool actions = false;
  /// Required in a POST's X-Squall-Token header (or ?token=) when not empty. On loopback without
  /// a token any value will do: the header only keeps other web sites' pages from posting.
  std::string token;
  /// How often the live event streams send the topology's state.
  std::chrono::milliseconds stream_interval{1000};
};

/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback(const std::string& host);

/// Serves, from threads of its own, what `target` shows:
///   GET  /, /topology.html?id=, /component.html?topology_id=&id=   the live UI (ui_page.hpp)
///   GET  /metrics                                  Prometheus text format (prometheus_text.hpp)
///   GET  /api/v1/cluster/summary, nimbus/summary, supervisor/summary, topology/summary,
///        topology/:id, topology/:id/component/:component, topology/:id/metrics,
///        topology/:id/visualization                Storm UI's REST API (storm_rest.hpp); the
///        topology, component and metrics paths take Storm's ?window=600|10800|86400|:all-time
///        (counts over the window, from snapshots this server keeps every 10 s; 400 for another)
///   GET  /api/v1/topology/:id/stream[?component=]  Server-Sent Events, every stream_interval:
///        {"id", "timeMs" (Unix ms), "topology", "visualization"[, "component"]} (the REST
///        documents), or {"id", "timeMs", "gone": true} once the topology is no longer running
///   POST /api/v1/topology/:id/activate, deactivate, rebalance/:wait, kill/:wait
///   GET  /view.html?name=, /api/v1/views ({"views": [ViewSpec::to_json()]}),
///        /api/v1/views/:name/stream   the rows of a web sink's view (ViewBoard) as Server-Sent
///        Events with ids; Last-Event-ID resumes after a reconnect
/// An unknown topology or component is 404 with {"error"}; a refused action 403, an impossible
/// one 409.
class MonitorServer {
 public:
  /// Open event streams at once; one more gets 503 with Retry-After (EventSource retries).
  static constexpr int kMaxEventStreams = 32;
  /// Binds and starts serving. Throws Error naming host:port when it cannot bind, and for
  /// actions on a non-loopback address without a token.
  MonitorServer(const MonitorSettings& settings, MonitorTarget& target);
  /// Stops serving (ends the event streams) and joins the thread.
  ~MonitorServer();
  MonitorServer(const MonitorServer&) = delete;
  MonitorServer& operator=(const MonitorServer&) = delete;

  /// "http://host:port/".
  const std::string& url() const noexcept { return url_; }

 private:
  void add_pages();
  void add_rest();
  void add_actions();
  void add_streams();
  void add_views();
  bool admit_stream(httplib::Response& res);
  /// Records the topologies' counts every 10 s, for the windows.
  void sample_history();
  /// This host, port and uptime, for the Nimbus and supervisor summaries.
  ClusterFacts facts() const;
  /// Waits for the stream interval; false once the server stops.
  bool wait_interval();

  MonitorSettings settings_;
  MonitorTarget& target_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  std::thread sampler_;
  MetricsHistory history_;
  std::atomic<bool> stopped_{false};  ///< listen_after_bind returned
  std::mutex mutex_;
  std::condition_variable stopping_changed_;
  bool stopping_ = false;
  std::atomic<int> open_streams_{0};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  int port_ = 0;
  std::string url_;
};

}  // namespace squall::web
