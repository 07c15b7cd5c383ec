#include "squall/web/monitor_server.hpp"

#include <charconv>

#include <fmt/format.h>
#include <httplib.h>

#include "squall/api/errors.hpp"
#include "squall/web/prometheus_text.hpp"
#include "squall/web/storm_rest.hpp"
#include "squall/web/ui_page.hpp"
#include "squall/web/view_board.hpp"

namespace squall::web {
namespace {

constexpr const char* kJson = "application/json";

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(nlohmann::json{{"error", message}}.dump(), kJson);
}

/// The ?window= of a request (":all-time" when absent), or nullopt (400 sent).
std::optional<std::string> window_of(const httplib::Request& req, httplib::Response& res) {
  std::string window = req.has_param("window") ? req.get_param_value("window") : ":all-time";
  try {
    window_seconds(window);
    return window;
  } catch (const std::invalid_argument& e) {
    send_error(res, 400, e.what());
    return std::nullopt;
  }
}

/// The snapshot of topology `id`, or nullopt (404 sent).
std::optional<MetricsSnapshot> find_topology(MonitorTarget& target, const std::string& id, httplib::Response& res) {
  for (auto& m : target.snapshots())
    if (m.topology == id) return std::move(m);
  send_error(res, 404, fmt::format("no topology '{}'", id));
  return std::nullopt;
}

int wait_secs_of(const std::string& text) {
  int secs = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), secs);
  return ec == std::errc() && end == text.data() + text.size() && secs >= 0 ? secs : -1;
}

}  // namespace

bool is_loopback(const std::string& host) { return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0; }

MonitorServer::MonitorServer(const MonitorSettings& settings, MonitorTarget& target)
    : settings_(settings), target_(target), server_(std::make_unique<httplib::Server>()) {
  if (settings_.actions && settings_.token.empty() && !is_loopback(settings_.host))
    throw Error(fmt::format("UI actions on {} (beyond loopback) need a token", settings_.host));
  // Each open page holds a thread for its event stream; threads to spare for pages and the API.
  server_->new_task_queue = [] { return new httplib::ThreadPool(kMaxEventStreams + 8); };
  add_pages();
  add_rest();
  add_actions();
  add_streams();
  add_views();
  int bound = settings_.port == 0 ? server_->bind_to_any_port(settings_.host)
                                  : (server_->bind_to_port(settings_.host, settings_.port) ? settings_.port : -1);
  if (bound < 0)
    throw Error(fmt::format("cannot listen on {}:{} (in use? choose another port)", settings_.host, settings_.port));
  port_ = bound;
  url_ = fmt::format("http://{}:{}/", settings_.host, bound);
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    stopped_ = true;
  });
  sampler_ = std::thread([this] { sample_history(); });
}

void MonitorServer::sample_history() {
  for (;;) {
    try {
      history_.record(target_.snapshots());
    } catch (const std::exception&) {
      // a topology going away between the listing and its metrics: the next sample has it right
    }
    std::unique_lock lock(mutex_);
    if (stopping_changed_.wait_for(lock, std::chrono::seconds(10), [this] { return stopping_; })) return;
  }
}

MonitorServer::~MonitorServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopping_changed_.notify_all();
  if (sampler_.joinable()) sampler_.join();
  // stop() does nothing before listen_after_bind has begun (cpp-httplib): wait until it has.
  while (thread_.joinable() && !server_->is_running() && !stopped_) std::this_thread::yield();
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

ClusterFacts MonitorServer::facts() const {
  return {settings_.host, port_, std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count()};
}

bool MonitorServer::wait_interval() {
  std::unique_lock lock(mutex_);
  return !stopping_changed_.wait_for(lock, settings_.stream_interval, [this] { return stopping_; });
}

void MonitorServer::add_pages() {
  auto page = [](const httplib::Request&, httplib::Response& res) { res.set_content(ui_page(), "text/html; charset=utf-8"); };
  for (const char* path : {"/", "/index.html", "/topology.html", "/component.html", "/view.html"}) server_->Get(path, page);
  server_->Get("/api/v1/ui/settings", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(nlohmann::json{{"actions", settings_.actions}, {"streamIntervalMs", settings_.stream_interval.count()}}.dump(),
                    kJson);
  });
}

void MonitorServer::add_rest() {
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(prometheus_text(target_.snapshots()), "text/plain; version=0.0.4; charset=utf-8");
  });
  server_->Get("/api/v1/cluster/summary", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(storm_cluster_summary(target_.snapshots()).dump(), kJson);
  });
  server_->Get("/api/v1/nimbus/summary", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(storm_nimbus_summary(facts()).dump(), kJson);
  });
  server_->Get("/api/v1/supervisor/summary", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(storm_supervisor_summary(target_.snapshots(), facts()).dump(), kJson);
  });
  server_->Get("/api/v1/topology/summary", [this](const httplib::Request&, httplib::Response& res) {
    res.set_content(storm_topology_summary(target_.snapshots()).dump(), kJson);
  });
  server_->Get(R"(/api/v1/topology/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
    auto window = window_of(req, res);
    auto m = window ? find_topology(target_, req.matches[1], res) : std::nullopt;
    if (!m) return;
    WindowedMetrics windows;
    for (const char* w : {"600", "10800", "86400"}) windows.emplace_back(w, history_.window(*m, window_seconds(w)));
    windows.emplace_back(":all-time", *m);
    res.set_content(storm_topology(*m, windows, *window).dump(), kJson);
  });
  server_->Get(R"(/api/v1/topology/([^/]+)/metrics)", [this](const httplib::Request& req, httplib::Response& res) {
    auto window = window_of(req, res);
    auto m = window ? find_topology(target_, req.matches[1], res) : std::nullopt;
    if (m) res.set_content(storm_topology_metrics(history_.window(*m, window_seconds(*window)), *window).dump(), kJson);
  });
  server_->Get(R"(/api/v1/topology/([^/]+)/visualization)", [this](const httplib::Request& req, httplib::Response& res) {
    auto m = find_topology(target_, req.matches[1], res);
    if (auto graph = m ? target_.graph(m->topology) : std::nullopt)
      res.set_content(storm_visualization(*graph, *m).dump(), kJson);
    else if (m)
      send_error(res, 404, "no graph of this topology");
  });
  server_->Get(R"(/api/v1/topology/([^/]+)/component/([^/]+))",
               [this](const httplib::Request& req, httplib::Response& res) {
                 auto window = window_of(req, res);
                 auto m = window ? find_topology(target_, req.matches[1], res) : std::nullopt;
                 if (!m) return;
                 auto doc = storm_component(history_.window(*m, window_seconds(*window)), req.matches[2], facts(), *window);
                 if (doc.is_null()) return send_error(res, 404, fmt::format("no component '{}'", req.matches[2].str()));
                 res.set_content(doc.dump(), kJson);
               });
}

void MonitorServer::add_actions() {
  auto act = [this](const httplib::Request& req, httplib::Response& res, const std::function<void(const std::string&)>& action) {
    if (!settings_.actions) return send_error(res, 403, "actions are off: start squall run with --ui-actions");
    std::string token = req.has_header("X-Squall-Token") ? req.get_header_value("X-Squall-Token") : req.get_param_value("token");
    if (!req.has_header("X-Squall-Token") && !req.has_param("token"))
      return send_error(res, 403, "an action needs the X-Squall-Token header");
    if (!settings_.token.empty() && token != settings_.token) return send_error(res, 403, "wrong token");
    std::string id = req.matches[1];
    try {
      action(id);
      res.set_content(nlohmann::json{{"topologyOperation", req.matches[2].str()}, {"topologyId", id}, {"status", "success"}}.dump(),
                      kJson);
    } catch (const TopologyError& e) {
      send_error(res, 404, e.what());
    } catch (const std::exception& e) {
      send_error(res, 409, e.what());
    }
  };
  server_->Post(R"(/api/v1/topology/([^/]+)/(activate|deactivate))", [this, act](const httplib::Request& req, httplib::Response& res) {
    act(req, res, [&](const std::string& id) {
      if (req.matches[2] == "activate") target_.activate(id);
      else target_.deactivate(id);
    });
  });
  server_->Post(R"(/api/v1/topology/([^/]+)/(kill|rebalance)/([^/]+))", [this, act](const httplib::Request& req, httplib::Response& res) {
    int wait = wait_secs_of(req.matches[3]);
    if (wait < 0) return send_error(res, 400, fmt::format("wait time '{}' is not a number of seconds", req.matches[3].str()));
    act(req, res, [&](const std::string& id) {
      if (req.matches[2] == "kill") target_.kill(id, wait);
      else target_.rebalance(id, wait);
    });
  });
}

/// Opens an event stream, or answers 503 when kMaxEventStreams are open (false).
bool MonitorServer::admit_stream(httplib::Response& res) {
  if (open_streams_.fetch_add(1) < kMaxEventStreams) return true;
  open_streams_.fetch_sub(1);
  res.set_header("Retry-After", "5");
  send_error(res, 503, fmt::format("more than {} pages are open", kMaxEventStreams));
  return false;
}

void MonitorServer::add_views() {
  server_->Get("/api/v1/views", [](const httplib::Request&, httplib::Response& res) {
    auto views = nlohmann::json::array();
    for (const auto& v : ViewBoard::instance().views()) views.push_back(v.to_json());
    res.set_content(nlohmann::json{{"views", views}}.dump(), kJson);
  });
  server_->Get(R"(/api/v1/views/([^/]+)/stream)", [this](const httplib::Request& req, httplib::Response& res) {
    auto hub = ViewBoard::instance().hub(req.matches[1]);
    if (!hub) return send_error(res, 404, fmt::format("no view '{}'", req.matches[1].str()));
    if (!admit_stream(res)) return;
    std::uint64_t after = 0;  // an id this server never sent replays the history, as for a fresh page
    if (auto id = req.get_header_value("Last-Event-ID"); !id.empty())
      if (std::from_chars(id.data(), id.data() + id.size(), after).ec != std::errc()) after = 0;
    auto cursor = std::make_shared<std::uint64_t>(after);
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, hub, cursor](std::size_t, httplib::DataSink& sink) {
          auto events = hub->wait_after(*cursor, std::chrono::milliseconds(250));
          if (events.empty() && hub->closed() && !wait_interval()) return false;  // a closed hub returns at once
          std::string out = events.empty() ? ": keep-alive\n\n" : "";
          for (const auto& [seq, json] : events) {
            out += fmt::format("id: {}\ndata: {}\n\n", seq, json);
            *cursor = seq;
          }
          if (!sink.write(out.data(), out.size())) return false;
          std::lock_guard lock(mutex_);
          return !stopping_;
        },
        [this](bool) { open_streams_.fetch_sub(1); });
  });
}

void MonitorServer::add_streams() {
  server_->Get(R"(/api/v1/topology/([^/]+)/stream)", [this](const httplib::Request& req, httplib::Response& res) {
    if (!admit_stream(res)) return;
    std::string id = req.matches[1], component = req.get_param_value("component");
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, id, component](std::size_t, httplib::DataSink& sink) {
          auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
          nlohmann::json event = {{"id", id}, {"timeMs", now.count()}};
          for (const auto& m : target_.snapshots()) {
            if (m.topology != id) continue;
            event["topology"] = storm_topology(m);
            if (auto graph = target_.graph(id)) event["visualization"] = storm_visualization(*graph, m);
            if (!component.empty())
              event["component"] = storm_component(m, component, facts());
          }
          if (!event.contains("topology")) event["gone"] = true;  // killed: the page says so
          std::string out = "data: " + event.dump() + "\n\n";
          if (!sink.write(out.data(), out.size())) return false;
          return wait_interval();
        },
        [this](bool) { open_streams_.fetch_sub(1); });
  });
}

}  // namespace squall::web
