#pragma once
// The acker's bookkeeping: Storm's XOR ledger per spout tuple (Storm docs
// "Guaranteeing Message Processing" and "Acking framework implementation").

#include <cstdint>
#include <optional>

#include "squall/runtime/acking/root_map.hpp"

namespace squall::runtime {

/// What the acker must tell a spout task.
struct AckerVerdict {
  enum class Kind { completed, failed, reset } kind;
  std::uint64_t root;
  int spout_task;
  int failed_by_task = -1;  ///< for `failed`
};

/// XORs every edge id reported for a root; the root is complete when the XOR is 0 and the init
/// (naming the spout task) has arrived. Acks and fails may arrive before the init. Entries are
/// kept in two generations rotated every message timeout (Storm's RotatingMap), so a root that is
/// never completed is forgotten after one to two timeouts: by then its spout has timed it out.
/// Memory: 32 bytes per pending root, independent of the tree's size.
class AckLedger {
 public:
  std::optional<AckerVerdict> init(std::uint64_t root, std::uint64_t xor_value, int spout_task);
  std::optional<AckerVerdict> ack(std::uint64_t root, std::uint64_t xor_value);
  std::optional<AckerVerdict> fail(std::uint64_t root, int failed_by_task);
  /// Keeps the root for another timeout; tells its spout task to restart the timeout.
  std::optional<AckerVerdict> reset_timeout(std::uint64_t root);
  /// Forgets the older generation. Call every message timeout.
  void rotate();
  std::size_t size() const noexcept { return current_.size() + previous_.size(); }

 private:
  struct Entry {
    std::uint64_t value = 0;
    std::int32_t spout_task = -1;
    std::int32_t failed_by = -1;
    bool failed = false;
  };
  Entry& lookup(std::uint64_t root);
  std::optional<AckerVerdict> settle(std::uint64_t root, Entry& entry);
  RootMap<Entry> current_, previous_;
};

}  // namespace squall::runtime
