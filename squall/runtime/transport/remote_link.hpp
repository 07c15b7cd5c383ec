#pragma once
// ZeroMQ ipc/tcp sockets that carry msgpack-encoded batches between worker processes.
//
// As inside a process, every (sending executor, receiving executor) pair is its own PUSH → PULL
// pipe with a high-water mark in batches, so a slow executor in another worker holds back exactly
// the executors that send to it (backpressure), and the pipes of other executors keep flowing.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <optional>

#include <zmq.hpp>

#include "squall/runtime/serialization/tuple_codec.hpp"
#include "squall/runtime/transport/endpoints.hpp"
#include "squall/runtime/transport/peer_endpoints.hpp"
#include "squall/runtime/message/envelope.hpp"

namespace squall::runtime {

/// Counters of the remote links of one worker process.
struct RemoteLinkCounters {
  std::atomic<std::uint64_t> malformed_frames{0};  ///< frames that did not decode, or were not for the executor
  std::atomic<std::uint64_t> refused_peers{0};     ///< CURVE handshakes refused (unknown key)
};

/// The sending end towards one executor of another worker. Connects lazily; ZeroMQ reconnects
/// by itself when the peer worker restarts on the same endpoint, and follow_moves() connects to
/// the new one when the assignment moves the executor to another host.
class RemoteSender {
 public:
  /// Connects to `peers.endpoint(executor)`; `peers` must outlive the sender.
  RemoteSender(zmq::context_t& context, const TransportSettings& transport, const PeerEndpoints& peers, int executor,
               int high_water_mark_batches);
  /// When the executor's endpoint changed since the last call: disconnects the old one, whose
  /// queued frames are dropped (their tuples time out and are replayed by their spouts), and
  /// connects to the new one. Cheap when nothing changed (one atomic load).
  void follow_moves();
  /// Encodes `batch` (msgpack, tuple_codec.hpp) into the pending frame; the batch can be reused.
  void encode(const Batch& batch);
  /// Sends the pending frame; false when the pipe is full (or the peer has never connected).
  bool try_send();
  /// Waits up to `timeout` for room in the pipe.
  void wait_writable(std::chrono::microseconds timeout);

 private:
  zmq::socket_t socket_;
  const PeerEndpoints& peers_;
  int executor_;
  std::uint64_t generation_;
  std::string endpoint_;
  std::string frame_;
};

/// The receiving end of one executor for batches from other workers. Frames that do not decode,
/// or that address a task the executor does not run, are counted and logged (rate-limited) and
/// dropped; the executor carries on.
class RemoteInbox {
 public:
  /// Binds `transport.executor_endpoint(executor)`. With CURVE on, the socket is a CURVE server
  /// whose peers are checked by the process's CurveAuthenticator. Throws zmq::error_t when the
  /// endpoint cannot be bound (a tcp port in use, say).
  RemoteInbox(zmq::context_t& context, const TransportSettings& transport, int executor, int high_water_mark_batches,
              SchemaLookup lookup, std::vector<int> tasks, RemoteLinkCounters& counters);
  /// A decoded batch, or nullptr when no valid frame is queued.
  std::unique_ptr<Batch> try_receive();
  zmq::socket_t& socket() noexcept { return socket_; }

 private:
  bool addressed_here(const Batch& batch) const;
  void count_failed_handshakes();
  zmq::socket_t socket_;
  /// With CURVE: the socket's monitor, reporting handshakes that failed before ZAP was asked
  /// (a peer without CURVE, or with the wrong server key), so that they are counted as refused.
  std::optional<zmq::socket_t> monitor_;
  std::string endpoint_;
  SchemaLookup lookup_;
  std::vector<int> tasks_;
  RemoteLinkCounters& counters_;
};

}  // namespace squall::runtime
