#include "squall/runtime/transport/curve_authenticator.hpp"

#include <array>
#include <vector>

#include <spdlog/spdlog.h>

namespace squall::runtime {

CurveAuthenticator::CurveAuthenticator(zmq::context_t& context, const std::string& public_key,
                                       RemoteLinkCounters& counters)
    : socket_(context, zmq::socket_type::rep), counters_(counters) {
  std::array<std::uint8_t, 32> key{};
  zmq_z85_decode(key.data(), public_key.c_str());
  allowed_key_.assign(reinterpret_cast<const char*>(key.data()), key.size());
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("inproc://zeromq.zap.01");
  thread_ = std::thread([this] { serve(); });
}

CurveAuthenticator::~CurveAuthenticator() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void CurveAuthenticator::serve() {
  // Request (RFC 27): version, request id, domain, address, identity, mechanism, credentials...
  // Reply: version, request id, status code, status text, user id, metadata.
  while (!stop_) {
    zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) <= 0) continue;
    std::vector<zmq::message_t> request;
    do {
      request.emplace_back();
      if (!socket_.recv(request.back(), zmq::recv_flags::dontwait)) return;
    } while (request.back().more());
    auto frame = [&](std::size_t i) { return i < request.size() ? request[i].to_string() : std::string(); };
    const bool curve = frame(5) == "CURVE";
    const bool allowed = curve && request.size() >= 7 && frame(6) == allowed_key_;
    if (!allowed) {
      auto n = counters_.refused_peers.fetch_add(1, std::memory_order_relaxed) + 1;
      if (n <= 10 || n % 1000 == 0)
        spdlog::warn("refused a peer at {}: {} ({} refused so far)", frame(3),
                     curve ? "its CURVE key is not the topology's" : "it did not use CURVE", n);
    }
    std::array<std::string, 6> reply{"1.0", frame(1), allowed ? "200" : "400",
                                     allowed ? "OK" : "unknown key", "", ""};
    for (std::size_t i = 0; i < reply.size(); ++i)
      socket_.send(zmq::buffer(reply[i]), i + 1 < reply.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

}  // namespace squall::runtime
