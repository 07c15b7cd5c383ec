#pragma once
// Where the executors of the other workers listen, as the cluster's assignment says now. Storm's
// workers refresh their connections when the assignment changes (WorkerState's
// refreshConnections): a worker moved to another host is reached there without restarting the
// workers that talk to it.

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "squall/runtime/transport/endpoints.hpp"

namespace squall::runtime {

/// Thread-safe table executor index → endpoint. Senders read generation() (one atomic load) on
/// each frame and endpoint() only when it moved.
class PeerEndpoints {
 public:
  /// The endpoints `transport` gives executors 0..executors-1.
  PeerEndpoints(const TransportSettings& transport, std::size_t executors);

  /// Bumped by each update() that changed an endpoint.
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }
  /// Executor `executor`'s endpoint now. Throws std::out_of_range for an index past the table.
  std::string endpoint(int executor) const;
  /// Replaces the table (one endpoint per executor, by index). Returns whether an endpoint
  /// changed. Throws std::invalid_argument when the count differs from the table's.
  bool update(const std::vector<std::string>& endpoints);

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> endpoints_;
  std::atomic<std::uint64_t> generation_{0};
};

}  // namespace squall::runtime
