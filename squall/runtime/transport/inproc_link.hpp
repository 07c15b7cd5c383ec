#pragma once
// ZeroMQ inproc sockets that move batches between executor threads by pointer.
//
// Each executor has one PULL inbox; every executor that sends to it has its own PUSH socket, so
// each (sender, receiver) pair is its own ZeroMQ pipe with its own high-water mark. A full pipe
// makes the sender wait: that is squall's backpressure, independent of acking.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <zmq.hpp>

#include "squall/runtime/message/envelope.hpp"

namespace squall::runtime {

/// The endpoint of executor `index` of run `run_id`.
std::string inbox_endpoint(const std::string& run_id, int executor_index);

/// The receiving end. Bind it before any sender connects.
class InprocInbox {
 public:
  /// `batches_in` counts the batches senders are putting in (InprocSender::try_send's callers
  /// bump it before a send): while the inbox has taken as many, try_receive does not ask ZeroMQ.
  InprocInbox(zmq::context_t& context, const std::string& endpoint, int high_water_mark_batches,
              const std::atomic<std::uint64_t>& batches_in);
  /// A received batch, or nullptr when none is queued.
  std::unique_ptr<Batch> try_receive();
  /// Waits up to `timeout` for a batch to be queued; true when one is.
  bool wait(std::chrono::microseconds timeout);
  zmq::socket_t& socket() noexcept { return socket_; }

 private:
  zmq::socket_t socket_;
  const std::atomic<std::uint64_t>* batches_in_;
  std::uint64_t taken_ = 0;
};

/// The sending end towards one executor.
class InprocSender {
 public:
  InprocSender(zmq::context_t& context, const std::string& endpoint, int high_water_mark_batches);
  /// Hands `batch` over; on success the receiver owns it. Returns false (keeping `batch`) when the
  /// pipe is full.
  bool try_send(std::unique_ptr<Batch>& batch);
  /// Waits up to `timeout` for room in the pipe.
  void wait_writable(std::chrono::microseconds timeout);

 private:
  zmq::socket_t socket_;
};

}  // namespace squall::runtime
