#include "squall/runtime/transport/inbox.hpp"

namespace squall::runtime {

bool Inbox::wait(std::chrono::microseconds timeout) {
  if (!remote_) return local_.wait(timeout);
  zmq::pollitem_t items[2] = {{local_.socket().handle(), 0, ZMQ_POLLIN, 0},
                              {remote_->socket().handle(), 0, ZMQ_POLLIN, 0}};
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout + std::chrono::microseconds(999));
  return zmq::poll(items, 2, ms) > 0;
}

}  // namespace squall::runtime
