#include "squall/cluster/nimbus/nimbus_api.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "squall/cluster/nimbus/request_signature.hpp"

namespace squall::cluster {
namespace {

void reply_json(httplib::Response& response, const nlohmann::json& body, int status = 200) {
  response.status = status;
  response.set_content(body.dump(), "application/json");
}

/// Why `request` may not be served ("" when it may): with a cluster secret, it must be signed.
std::string refusal(const std::string& secret, const httplib::Request& request) {
  if (secret.empty()) return {};
  return signature_problem(secret, request.method, request.target, request.get_header_value(kSignatureTimeHeader),
                           request.body, request.get_header_value(kSignatureHeader), unix_secs());
}

/// Runs `action` for `request` if it may be served (else 401; GETs, which have no body, were
/// checked before routing); a NimbusError, a ZooKeeper outage or a malformed body becomes an
/// error reply.
/// Storm UI's rebalance body; executor counts may be numbers or strings, as Storm UI sends them.
Nimbus::RebalanceOptions rebalance_options(const std::string& body) {
  Nimbus::RebalanceOptions options;
  if (body.empty()) throw NimbusError(400, "rebalance needs {\"rebalanceOptions\": {\"numWorkers\": N, \"executors\": {...}}}");
  auto parsed = nlohmann::json::parse(body).at("rebalanceOptions");
  if (auto n = parsed.find("numWorkers"); n != parsed.end()) options.workers = n->get<int>();
  if (auto e = parsed.find("executors"); e != parsed.end())
    for (const auto& [component, count] : e->items()) {
      if (count.is_number_integer()) options.executors[component] = count.get<int>();
      else if (std::string text = count.get<std::string>(); !text.empty() && text.find_first_not_of("0123456789") == std::string::npos && text.size() < 10)
        options.executors[component] = std::stoi(text);
      else throw NimbusError(400, "rebalance: executors of '" + component + "' must be a whole number, not '" + text + "'");
    }
  if (!options.workers && options.executors.empty())
    throw NimbusError(400, "rebalance needs numWorkers (-n) or executors (-e COMPONENT=N)");
  return options;
}

template <typename Action>
void guarded(const std::string& secret, const httplib::Request& request, httplib::Response& response, Action action) {
  if (request.method != "GET")
    if (auto problem = refusal(secret, request); !problem.empty()) return reply_json(response, {{"error", problem}}, 401);
  try {
    action();
  } catch (const NimbusError& e) {
    reply_json(response, {{"error", e.what()}}, e.status);
  } catch (const ZooKeeperError& e) {
    reply_json(response, {{"error", std::string("ZooKeeper is unavailable: ") + e.what()}}, 503);
  } catch (const nlohmann::json::exception& e) {
    reply_json(response, {{"error", std::string("malformed request: ") + e.what()}}, 400);
  }
}

}  // namespace

Nimbus::Api::Api(Nimbus& nimbus, const std::string& host, int port)
    : nimbus_(nimbus), server_(std::make_unique<httplib::Server>()) {
  auto& s = *server_;
  s.set_payload_max_length(std::size_t{1} << 30);  // plugins and models, up to 1 GiB
  // GET requests have no body: checked before routing. POSTs are checked once their body is read (guarded).
  s.set_pre_routing_handler([this](const httplib::Request& q, httplib::Response& r) {
    if (q.method != "GET") return httplib::Server::HandlerResponse::Unhandled;
    auto problem = refusal(nimbus_.secret(), q);
    if (problem.empty()) return httplib::Server::HandlerResponse::Unhandled;
    reply_json(r, {{"error", problem}}, 401);
    return httplib::Server::HandlerResponse::Handled;
  });
  s.Get("/api/v1/nimbus", [this](const httplib::Request&, httplib::Response& r) { reply_json(r, nimbus_.describe()); });
  s.Post("/api/v1/blobs", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] { reply_json(r, {{"key", nimbus_.blobs().put(q.body)}}); });
  });
  s.Get(R"(/api/v1/blobs/([0-9a-f]{64}))", [this](const httplib::Request& q, httplib::Response& r) {
    auto blob = nimbus_.blobs().get(q.matches[1]);
    if (!blob) return reply_json(r, {{"error", "no such blob"}}, 404);
    r.set_content(std::move(*blob), "application/octet-stream");
  });
  s.Post("/api/v1/topology/submit", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] {
      auto body = nlohmann::json::parse(q.body);
      reply_json(r, {{"id", nimbus_.submit(body.at("document"), body.at("executors").get<int>())}});
    });
  });
  s.Get("/api/v1/topology/summary", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] { reply_json(r, {{"topologies", nimbus_.list()}}); });
  });
  s.Get(R"(/api/v1/topology/([^/]+)/errors)", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] { reply_json(r, nimbus_.errors(q.matches[1])); });
  });
  s.Post(R"(/api/v1/topology/([^/]+)/kill/([0-9.]+))", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] {
      nimbus_.kill(q.matches[1], std::stod(q.matches[2]));
      reply_json(r, {{"status", "success"}});
    });
  });
  s.Post(R"(/api/v1/topology/([^/]+)/(activate|deactivate))", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] {
      nimbus_.set_active(q.matches[1], q.matches[2] == "activate");
      reply_json(r, {{"status", "success"}});
    });
  });
  s.Post(R"(/api/v1/topology/([^/]+)/rebalance/([0-9.]+))", [this](const httplib::Request& q, httplib::Response& r) {
    guarded(nimbus_.secret(), q, r, [&] {
      nimbus_.rebalance(q.matches[1], rebalance_options(q.body), std::stod(q.matches[2]));
      reply_json(r, {{"status", "success"}});
    });
  });
  if (!s.bind_to_port(host, port))
    throw std::runtime_error("nimbus: cannot listen on " + host + ":" + std::to_string(port) + " (in use?)");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
}

Nimbus::Api::~Api() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace squall::cluster
