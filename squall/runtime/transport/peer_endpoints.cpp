#include "squall/runtime/transport/peer_endpoints.hpp"

#include <stdexcept>

#include <fmt/format.h>

namespace squall::runtime {

PeerEndpoints::PeerEndpoints(const TransportSettings& transport, std::size_t executors) {
  endpoints_.reserve(executors);
  for (std::size_t e = 0; e < executors; ++e) endpoints_.push_back(transport.executor_endpoint(static_cast<int>(e)));
}

std::string PeerEndpoints::endpoint(int executor) const {
  std::lock_guard lock(mutex_);
  return endpoints_.at(static_cast<std::size_t>(executor));
}

bool PeerEndpoints::update(const std::vector<std::string>& endpoints) {
  std::lock_guard lock(mutex_);
  if (endpoints.size() != endpoints_.size())
    throw std::invalid_argument(
        fmt::format("{} executor endpoints for a topology of {} executors", endpoints.size(), endpoints_.size()));
  if (endpoints == endpoints_) return false;
  endpoints_ = endpoints;
  generation_.fetch_add(1, std::memory_order_release);
  return true;
}

}  // namespace squall::runtime
