#include "squall/cluster/client/nimbus_client.hpp"

#include <httplib.h>

#include "squall/cluster/blobs/blob_store.hpp"
#include "squall/cluster/nimbus/request_signature.hpp"
#include "squall/cluster/nimbus/nimbus.hpp"

namespace squall::cluster {
namespace {

nlohmann::json answer(const httplib::Result& result, const std::string& address, const std::string& path) {
  if (!result)
    throw NimbusError(503, "cannot reach Nimbus at " + address + " (" + httplib::to_string(result.error()) + ")");
  nlohmann::json body = nlohmann::json::parse(result->body, nullptr, false);
  if (result->status != 200) {
    std::string message = body.is_object() && body.contains("error") ? body["error"].get<std::string>() : result->body;
    throw NimbusError(result->status, message);
  }
  if (body.is_discarded()) throw NimbusError(502, "Nimbus at " + address + " answered " + path + " with no JSON");
  return body;
}

httplib::Client client_for(const std::string& host, int port) {
  httplib::Client c(host, port);
  c.set_connection_timeout(5);
  c.set_read_timeout(60);
  c.set_write_timeout(60);
  return c;
}

/// The signature headers of a request (none without a secret).
httplib::Headers signature_headers(const std::string& secret, std::string_view method, const std::string& target,
                        std::string_view body) {
  if (secret.empty()) return {};
  auto now = unix_secs();
  return {{kSignatureTimeHeader, std::to_string(now)},
          {kSignatureHeader, request_signature(secret, method, target, now, body)}};
}

}  // namespace

NimbusClient::NimbusClient(ClusterState& state, std::string secret) : secret_(std::move(secret)) {
  auto leader = state.leader();
  if (!leader) throw NimbusError(503, "no Nimbus leads the cluster (is `squall nimbus` running?)");
  host_ = leader->second.host;
  port_ = leader->second.port;
}

nlohmann::json NimbusClient::get(const std::string& path) const {
  auto c = client_for(host_, port_);
  return answer(c.Get(path, signature_headers(secret_, "GET", path, {})), address(), path);
}

nlohmann::json NimbusClient::post(const std::string& path, const nlohmann::json& body) const {
  auto c = client_for(host_, port_);
  auto text = body.dump();
  return answer(c.Post(path, signature_headers(secret_, "POST", path, text), text, "application/json"), address(), path);
}

std::string NimbusClient::put_blob(const std::string& bytes) const {
  auto c = client_for(host_, port_);
  const std::string path = "/api/v1/blobs";
  return answer(c.Post(path, signature_headers(secret_, "POST", path, bytes), bytes, "application/octet-stream"), address(), path)
      .at("key")
      .get<std::string>();
}

std::string NimbusClient::get_blob(const std::string& key) const {
  auto c = client_for(host_, port_);
  auto path = "/api/v1/blobs/" + key;
  auto result = c.Get(path, signature_headers(secret_, "GET", path, {}));
  if (!result || result->status != 200) answer(result, address(), path);
  if (sha256_hex(result->body) != key) throw NimbusError(502, "blob " + key + " from " + address() + " is damaged");
  return std::move(result->body);
}

}  // namespace squall::cluster
