#pragma once
// Per-destination batching of an executor's outgoing envelopes.

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "squall/runtime/metrics/task_metrics.hpp"
#include "squall/runtime/transport/batch_pool.hpp"
#include "squall/runtime/message/envelope.hpp"
#include "squall/runtime/transport/inproc_link.hpp"
#include "squall/runtime/transport/remote_link.hpp"

namespace squall::runtime {

using SteadyClock = std::chrono::steady_clock;

/// What an Outbox needs from its run.
struct OutboxSettings {
  zmq::context_t* context;
  std::string run_id;
  std::size_t batch_size;              ///< envelopes per batch (topology.transfer.batch.size)
  std::size_t remote_batch_size;       ///< ... to another worker (squall.messaging.transfer.batch.size)
  int high_water_mark;                 ///< batches per pipe (squall.executor.receive.batches)
  int remote_high_water_mark;          ///< frames per link to another worker
  std::chrono::microseconds max_delay; ///< a started batch is sent at the latest this late
  std::vector<ExecutorCounters>* counters;
  const std::atomic<bool>* stopping;   ///< when set, a full pipe drops instead of waiting
  BatchPool* pool;
  /// Several workers: the transport, and which executors run in another worker (by index).
  const TransportSettings* transport = nullptr;
  const std::vector<bool>* remote_executors = nullptr;
  const PeerEndpoints* peers = nullptr;  ///< where the remote executors listen now
};

/// Batches envelopes per destination executor and sends a batch when it is full, when it is
/// older than max_delay (flush_due), or when the executor goes idle (flush_all).
///
/// A batch for an executor of another worker is encoded with msgpack and leaves over ipc/tcp;
/// the others move by pointer. A full destination pipe blocks the send (backpressure). While it waits the outbox calls
/// `while_blocked`, which lets a spout keep draining acker messages so that spout and acker can
/// never wait on each other.
class Outbox {
 public:
  Outbox(OutboxSettings settings, int self_index, std::size_t executor_count);
  void set_while_blocked(std::function<void()> hook) { while_blocked_ = std::move(hook); }

  /// Queues `envelope` for executor `destination`; sends the batch if that filled it.
  void push(int destination, Envelope&& envelope);
  /// Sends every batch started at or before now - max_delay.
  void flush_due(SteadyClock::time_point now);
  /// Sends every non-empty batch.
  void flush_all();
  bool empty() const noexcept { return buffered_ == 0; }

 private:
  struct Link {
    std::optional<InprocSender> sender;
    std::unique_ptr<RemoteSender> remote;
    std::unique_ptr<Batch> batch;
    SteadyClock::time_point started;
  };
  struct BlockedTime;
  void send(int destination, Link& link);
  void send_remote(int destination, Link& link);
  bool is_remote(int destination) const {
    return settings_.remote_executors && (*settings_.remote_executors)[static_cast<std::size_t>(destination)];
  }

  OutboxSettings settings_;
  int self_;
  std::vector<Link> links_;
  std::vector<int> active_;  // destinations with a non-empty batch
  std::size_t buffered_ = 0;
  std::function<void()> while_blocked_;
};

}  // namespace squall::runtime
