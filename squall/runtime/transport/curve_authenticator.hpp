#pragma once
// The ZAP handler (ZeroMQ RFC 27) of a worker process: admits a CURVE peer only when it holds
// the topology's key pair.
//
// A CURVE server alone admits any client that knows the server's *public* key; the handler also
// checks the client's public key, which a peer can only present if it has the matching secret
// key (the handshake proves it). A refused peer is logged with its address and counted.

#include <atomic>
#include <string>
#include <thread>

#include <zmq.hpp>

#include "squall/runtime/transport/remote_link.hpp"

namespace squall::runtime {

class CurveAuthenticator {
 public:
  /// Binds inproc://zeromq.zap.01 in `context` and starts answering. Must exist before any CURVE
  /// server socket of the context accepts a connection. `public_key` is Z85 (40 characters).
  CurveAuthenticator(zmq::context_t& context, const std::string& public_key, RemoteLinkCounters& counters);
  ~CurveAuthenticator();
  CurveAuthenticator(const CurveAuthenticator&) = delete;
  CurveAuthenticator& operator=(const CurveAuthenticator&) = delete;

 private:
  void serve();
  zmq::socket_t socket_;
  std::string allowed_key_;  // 32 bytes, decoded
  RemoteLinkCounters& counters_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace squall::runtime
