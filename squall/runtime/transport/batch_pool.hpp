#pragma once
// Recycles batch buffers between executors.

#include <memory>
#include <mutex>
#include <vector>

#include "squall/runtime/message/envelope.hpp"

namespace squall::runtime {

/// Emptied batches keep their capacity and go back to senders, so a steady stream allocates no
/// batch buffers. Without it every batch (~5 KB) is a large malloc, and glibc consolidates its
/// fast bins on each one. One lock per batch, not per tuple. Holds at most `max_idle` batches.
class BatchPool {
 public:
  explicit BatchPool(std::size_t batch_size, std::size_t max_idle = 4096) : batch_size_(batch_size), max_idle_(max_idle) {}

  std::unique_ptr<Batch> acquire() {
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto b = std::move(idle_.back());
        idle_.pop_back();
        return b;
      }
    }
    auto b = std::make_unique<Batch>();
    b->reserve(batch_size_);
    return b;
  }

  /// Clears `batch` (releasing its tuples) and keeps it for reuse.
  void release(std::unique_ptr<Batch> batch) {
    if (!batch) return;
    batch->clear();
    std::lock_guard lock(mutex_);
    if (idle_.size() < max_idle_) idle_.push_back(std::move(batch));
  }

 private:
  std::size_t batch_size_, max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Batch>> idle_;
};

}  // namespace squall::runtime
