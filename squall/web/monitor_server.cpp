#include "squall/web/monitor_server.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include "squall/api/errors.hpp"
#include "squall/web/prometheus_text.hpp"
#include "squall/web/storm_rest.hpp"

namespace squall::web {

MonitorServer::MonitorServer(const std::string& host, int port, Snapshots snapshots)
    : server_(std::make_unique<httplib::Server>()) {
  server_->Get("/metrics", [snapshots](const httplib::Request&, httplib::Response& res) {
    res.set_content(prometheus_text(snapshots()), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/api/v1/cluster/summary", [snapshots](const httplib::Request&, httplib::Response& res) {
    res.set_content(storm_cluster_summary(snapshots()).dump(), "application/json");
  });
  server_->Get("/api/v1/topology/summary", [snapshots](const httplib::Request&, httplib::Response& res) {
    res.set_content(storm_topology_summary(snapshots()).dump(), "application/json");
  });
  server_->Get(R"(/api/v1/topology/([^/]+))", [snapshots](const httplib::Request& req, httplib::Response& res) {
    std::string id = req.matches[1];
    for (const auto& m : snapshots())
      if (m.topology == id) return res.set_content(storm_topology(m).dump(), "application/json");
    res.status = 404;
    res.set_content(nlohmann::json{{"error", fmt::format("no topology '{}'", id)}}.dump(), "application/json");
  });
  int bound = port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (bound < 0) throw Error(fmt::format("cannot listen on {}:{} (in use? choose another port)", host, port));
  url_ = fmt::format("http://{}:{}/", host, bound);
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    stopped_ = true;
  });
}

MonitorServer::~MonitorServer() {
  // stop() does nothing before listen_after_bind has begun (cpp-httplib): wait until it has.
  while (thread_.joinable() && !server_->is_running() && !stopped_) std::this_thread::yield();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace squall::web
