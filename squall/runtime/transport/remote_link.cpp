#include "squall/runtime/transport/remote_link.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "squall/api/errors.hpp"

namespace squall::runtime {

namespace {
void wait_for(zmq::socket_t& socket, short events, std::chrono::microseconds timeout) {
  zmq::pollitem_t item{socket.handle(), 0, events, 0};
  zmq::poll(&item, 1, std::chrono::duration_cast<std::chrono::milliseconds>(timeout + std::chrono::microseconds(999)));
}
}  // namespace

RemoteSender::RemoteSender(zmq::context_t& context, const TransportSettings& transport, const PeerEndpoints& peers,
                           int executor, int hwm)
    : socket_(context, zmq::socket_type::push),
      peers_(peers),
      executor_(executor),
      generation_(peers.generation()),
      endpoint_(peers.endpoint(executor)) {
  socket_.set(zmq::sockopt::sndhwm, hwm);
  socket_.set(zmq::sockopt::linger, 0);
  if (transport.curve()) {
    // Every worker holds the topology's key pair: it is both the server key and the client key.
    socket_.set(zmq::sockopt::curve_serverkey, transport.curve_public_key);
    socket_.set(zmq::sockopt::curve_publickey, transport.curve_public_key);
    socket_.set(zmq::sockopt::curve_secretkey, transport.curve_secret_key);
  }
  socket_.connect(endpoint_);
}

void RemoteSender::follow_moves() {
  auto now = peers_.generation();
  if (now == generation_) return;
  generation_ = now;
  auto moved_to = peers_.endpoint(executor_);
  if (moved_to == endpoint_) return;
  spdlog::info("executor {} moved from {} to {}: reconnecting", executor_, endpoint_, moved_to);
  socket_.disconnect(endpoint_);
  endpoint_ = std::move(moved_to);
  socket_.connect(endpoint_);
}

void RemoteSender::encode(const Batch& batch) {
  frame_.clear();
  encode_batch(batch, frame_);
}

bool RemoteSender::try_send() {
  auto sent = socket_.send(zmq::const_buffer(frame_.data(), frame_.size()), zmq::send_flags::dontwait);
  return sent.has_value();
}

void RemoteSender::wait_writable(std::chrono::microseconds timeout) { wait_for(socket_, ZMQ_POLLOUT, timeout); }

RemoteInbox::RemoteInbox(zmq::context_t& context, const TransportSettings& transport, int executor, int hwm,
                         SchemaLookup lookup, std::vector<int> tasks, RemoteLinkCounters& counters)
    : socket_(context, zmq::socket_type::pull),
      endpoint_(transport.executor_endpoint(executor)),
      lookup_(std::move(lookup)),
      tasks_(std::move(tasks)),
      counters_(counters) {
  socket_.set(zmq::sockopt::rcvhwm, hwm);
  socket_.set(zmq::sockopt::linger, 0);
  if (transport.curve()) {
    socket_.set(zmq::sockopt::curve_server, 1);
    socket_.set(zmq::sockopt::curve_secretkey, transport.curve_secret_key);
    socket_.set(zmq::sockopt::zap_domain, "squall");
    static std::atomic<std::uint64_t> monitors{0};
    auto monitor_endpoint = "inproc://squall-handshakes-" + std::to_string(monitors.fetch_add(1));
    if (zmq_socket_monitor(socket_.handle(), monitor_endpoint.c_str(),
                           ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) == 0) {
      monitor_.emplace(context, zmq::socket_type::pair);
      monitor_->set(zmq::sockopt::linger, 0);
      monitor_->connect(monitor_endpoint);
    }
  }
  socket_.bind(endpoint_);
}

void RemoteInbox::count_failed_handshakes() {
  zmq::message_t event, address;
  while (monitor_->recv(event, zmq::recv_flags::dontwait)) {
    if (event.more()) (void)monitor_->recv(address, zmq::recv_flags::dontwait);
    auto n = counters_.refused_peers.fetch_add(1, std::memory_order_relaxed) + 1;
    if (n <= 10 || n % 1000 == 0)
      spdlog::warn("refused a peer on {}: its handshake failed (no CURVE, or not the topology's server key) "
                   "({} refused so far)", endpoint_, n);
  }
}

bool RemoteInbox::addressed_here(const Batch& batch) const {
  return std::all_of(batch.begin(), batch.end(), [&](const Envelope& e) {
    return std::find(tasks_.begin(), tasks_.end(), e.task) != tasks_.end();
  });
}

std::unique_ptr<Batch> RemoteInbox::try_receive() {
  if (monitor_) count_failed_handshakes();
  zmq::message_t frame;
  while (socket_.recv(frame, zmq::recv_flags::dontwait)) {
    std::string reason;
    try {
      auto batch = std::make_unique<Batch>(
          decode_batch(std::span(static_cast<const std::byte*>(frame.data()), frame.size()), lookup_));
      if (addressed_here(*batch)) return batch;
      reason = "addressed to a task this executor does not run";
    } catch (const DecodeError& e) {
      reason = e.what();
    }
    auto n = counters_.malformed_frames.fetch_add(1, std::memory_order_relaxed) + 1;
    // Rate-limited: a flood of garbage must not become a flood of log lines.
    if (n <= 10 || n % 10000 == 0)
      spdlog::warn("dropped a frame of {} bytes on {}: {} ({} malformed frames so far)", frame.size(), endpoint_,
                   reason, n);
  }
  return nullptr;
}

}  // namespace squall::runtime
