#include "squall/runtime/transport/inbox.hpp"

#include <vector>

namespace squall::runtime {

bool Inbox::wait(std::chrono::microseconds timeout, std::span<const int> fds) {
  if (!remote_ && fds.empty()) return local_.wait(timeout);
  std::vector<zmq::pollitem_t> items{{local_.socket().handle(), 0, ZMQ_POLLIN, 0}};
  if (remote_) items.push_back({remote_->socket().handle(), 0, ZMQ_POLLIN, 0});
  for (int fd : fds) items.push_back({nullptr, fd, ZMQ_POLLIN, 0});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout + std::chrono::microseconds(999));
  return zmq::poll(items.data(), items.size(), ms) > 0;
}

}  // namespace squall::runtime
