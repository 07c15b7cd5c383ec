#pragma once
// An executor's inbox: batches from executors of this process (by pointer) and, in a topology
// of several workers, from executors of other workers (msgpack frames).

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <span>

#include "squall/runtime/transport/inproc_link.hpp"
#include "squall/runtime/transport/remote_link.hpp"

namespace squall::runtime {

class Inbox {
 public:
  /// `received` counts the envelopes of remote batches as they arrive (in-process senders count
  /// theirs when sending).
  Inbox(InprocInbox local, std::optional<RemoteInbox> remote, std::atomic<std::uint64_t>& received)
      : local_(std::move(local)), remote_(std::move(remote)), received_(received) {}

  /// A batch, or nullptr when none is queued. In-process batches first: they carry the acks and
  /// tuples of the local pipeline, which is the cheaper work to finish.
  std::unique_ptr<Batch> try_receive() {
    if (auto b = local_.try_receive()) return b;
    if (!remote_) return nullptr;
    auto b = remote_->try_receive();
    if (b) received_.fetch_add(b->size(), std::memory_order_relaxed);
    return b;
  }
  /// Waits up to `timeout` for a batch on either socket, or for one of `fds` (file descriptors a
  /// bolt polls, Bolt::poll_fd) to become readable; true when something is ready.
  bool wait(std::chrono::microseconds timeout, std::span<const int> fds = {});

 private:
  InprocInbox local_;
  std::optional<RemoteInbox> remote_;
  std::atomic<std::uint64_t>& received_;
};

}  // namespace squall::runtime
