#include "squall/runtime/transport/endpoints.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/errors.hpp"

namespace squall::runtime {

namespace {
void check_z85_key(std::string_view key, std::string_view name) {
  static constexpr std::string_view kZ85 =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  if (key.size() != 40 || key.find_first_not_of(kZ85) != std::string_view::npos)
    throw TopologyError(fmt::format("{} must be a 40-character Z85 CURVE key (`squall keygen` prints a pair)", name));
}
}  // namespace

std::vector<std::string> split_endpoint_list(std::string_view listed) {
  std::vector<std::string> out;
  for (std::size_t start = 0; start < listed.size();) {
    auto end = std::min(listed.find(',', start), listed.size());
    out.emplace_back(listed.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join_endpoint_list(const std::vector<std::string>& endpoints) {
  return fmt::format("{}", fmt::join(endpoints, ","));
}

TransportSettings TransportSettings::from(const Config& config) {
  namespace k = config_keys;
  TransportSettings s;
  auto kind = config.get(k::kMessagingTransport);
  if (kind == "tcp") s.kind = Kind::tcp;
  else if (kind != "ipc")
    throw TopologyError(fmt::format("{} is '{}'; use \"ipc\" or \"tcp\"", k::kMessagingTransport, kind));
  s.ipc_dir = config.get(k::kMessagingIpcDir);
  if (s.ipc_dir.empty()) throw TopologyError(fmt::format("{} is not set", k::kMessagingIpcDir));
  s.tcp_host = config.get(k::kMessagingTcpHost);
  auto base = config.get(k::kMessagingTcpPortBase);
  if (base < 1 || base > 65535)
    throw TopologyError(fmt::format("{} is {}; use a port in 1..65535", k::kMessagingTcpPortBase, base));
  s.tcp_port_base = static_cast<int>(base);
  s.executor_endpoints = split_endpoint_list(config.get(k::kMessagingExecutorEndpoints));
  for (const auto& endpoint : s.executor_endpoints)
    if (endpoint.rfind("tcp://", 0) != 0)
      throw TopologyError(fmt::format("{}: '{}' is not a tcp://host:port endpoint", k::kMessagingExecutorEndpoints,
                                      endpoint));
  if (!s.executor_endpoints.empty()) s.kind = Kind::tcp;
  s.curve_public_key = config.get(k::kCurvePublicKey);
  s.curve_secret_key = config.get(k::kCurveSecretKey);
  if (s.curve_public_key.empty() != s.curve_secret_key.empty())
    throw TopologyError(fmt::format("set both {} and {}, or neither", k::kCurvePublicKey, k::kCurveSecretKey));
  if (s.curve()) {
    check_z85_key(s.curve_public_key, k::kCurvePublicKey);
    check_z85_key(s.curve_secret_key, k::kCurveSecretKey);
  }
  return s;
}

std::string TransportSettings::executor_endpoint(int executor) const {
  if (!executor_endpoints.empty()) return executor_endpoints.at(static_cast<std::size_t>(executor));
  if (kind == Kind::tcp) return fmt::format("tcp://{}:{}", tcp_host, tcp_port_base + executor);
  return fmt::format("ipc://{}/executor-{}", ipc_dir, executor);
}

}  // namespace squall::runtime
