#pragma once
// The raw-library baseline of the multi-process benchmarks: a forked sender PUSHes frames of
// `batch` records of 48 bytes to `endpoint` (ipc:// or tcp://), this process PULLs them.
// Records/s from the first frame received to the last (process start-up is not the link's).

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>
#include <zmq.hpp>

namespace bench {

inline double raw_zmq_push_pull(const std::string& endpoint, std::int64_t count, std::size_t batch) {
  zmq::context_t ctx(1);
  zmq::socket_t pull(ctx, zmq::socket_type::pull);
  pull.set(zmq::sockopt::rcvhwm, 16);
  pull.bind(endpoint);  // before the fork: the sender's connect then finds it at once
  std::string bound = pull.get(zmq::sockopt::last_endpoint);
  pid_t child = ::fork();
  if (child == 0) {
    zmq::context_t child_ctx(1);
    zmq::socket_t push(child_ctx, zmq::socket_type::push);
    push.set(zmq::sockopt::sndhwm, 16);
    push.connect(bound);
    std::vector<char> frame(batch * 48, 'x');
    for (std::int64_t sent = 0; sent < count; sent += static_cast<std::int64_t>(batch))
      push.send(zmq::buffer(frame), zmq::send_flags::none);
    push.set(zmq::sockopt::linger, -1);
    push.close();
    child_ctx.close();  // waits until every frame is delivered (linger -1); _exit would drop them
    ::_exit(0);
  }
  // A sender that died before sending everything must not leave this process waiting forever:
  // a receive that times out checks whether the child is still there.
  pull.set(zmq::sockopt::rcvtimeo, 1000);
  auto receive = [&](zmq::message_t& msg) {
    while (!pull.recv(msg)) {
      int status = 0;
      if (::waitpid(child, &status, WNOHANG) == child) {
        std::fprintf(stderr, "raw ZeroMQ baseline: the sender exited early (status %d)\n", status);
        return false;
      }
    }
    return true;
  };
  zmq::message_t msg;
  if (!receive(msg)) return 0;
  auto start = std::chrono::steady_clock::now();
  std::int64_t got = static_cast<std::int64_t>(msg.size() / 48);
  std::uint64_t checksum = 0;
  while (got < count) {
    if (!receive(msg)) return 0;
    checksum += static_cast<unsigned char>(static_cast<const char*>(msg.data())[msg.size() - 1]);
    got += static_cast<std::int64_t>(msg.size() / 48);
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ::waitpid(child, nullptr, 0);
  if (checksum == 0) std::fprintf(stderr, "impossible\n");
  return static_cast<double>(count) / secs;
}

}  // namespace bench
