#pragma once
// Nimbus's API over HTTP with JSON bodies (Storm's Nimbus speaks Thrift; the paths follow Storm
// UI's REST API where it has the action):
//   GET  /api/v1/nimbus                          this Nimbus: host, port, version, leader
//   POST /api/v1/blobs                           body: the bytes → {"key": sha256}
//   GET  /api/v1/blobs/<key>                     the bytes
//   POST /api/v1/topology/submit                 {"document": {...}, "executors": N} → {"id"}
//   GET  /api/v1/topology/summary                {"topologies": [...]}
//   POST /api/v1/topology/<name>/kill/<secs>     Storm's kill -w
//   POST /api/v1/topology/<name>/activate | deactivate
//   POST /api/v1/topology/<name>/rebalance/<secs>  body, as Storm UI's:
//        {"rebalanceOptions": {"numWorkers": N, "executors": {"<component>": N, ...}}} (each optional)
// Errors answer {"error": "..."} with 400, 404, 409 or 503 (not the leader).

#include <memory>
#include <string>
#include <thread>

#include "squall/cluster/nimbus/nimbus.hpp"

namespace httplib {
class Server;
}

namespace squall::cluster {

class Nimbus::Api {
 public:
  /// Binds host:port and serves on its own thread. Throws std::runtime_error when it cannot bind.
  Api(Nimbus& nimbus, const std::string& host, int port);
  ~Api();

 private:
  Nimbus& nimbus_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace squall::cluster
