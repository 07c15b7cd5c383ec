#include "squall/runtime/transport/inproc_link.hpp"

#include <fmt/format.h>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
// libzmq is not built with TSan, so TSan cannot see that handing a batch pointer through a pipe
// orders the sender's writes before the receiver's reads. Tell it, at the one place batches cross
// threads: release on send, acquire on receive.
#define SQUALL_HANDOFF_RELEASE(p) __tsan_release(p)
#define SQUALL_HANDOFF_ACQUIRE(p) __tsan_acquire(p)
#else
#define SQUALL_HANDOFF_RELEASE(p) (void)(p)
#define SQUALL_HANDOFF_ACQUIRE(p) (void)(p)
#endif

namespace squall::runtime {

std::string inbox_endpoint(const std::string& run_id, int executor_index) {
  return fmt::format("inproc://squall/{}/executor-{}", run_id, executor_index);
}

InprocInbox::InprocInbox(zmq::context_t& context, const std::string& endpoint, int hwm,
                         const std::atomic<std::uint64_t>& batches_in)
    : socket_(context, zmq::socket_type::pull), batches_in_(&batches_in) {
  socket_.set(zmq::sockopt::rcvhwm, hwm);
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind(endpoint);
}

std::unique_ptr<Batch> InprocInbox::try_receive() {
  if (batches_in_->load(std::memory_order_acquire) == taken_) return nullptr;
  Batch* raw = nullptr;
  auto got = socket_.recv(zmq::mutable_buffer(&raw, sizeof raw), zmq::recv_flags::dontwait);
  if (!got || got->size != sizeof raw) return nullptr;
  ++taken_;
  SQUALL_HANDOFF_ACQUIRE(raw);
  return std::unique_ptr<Batch>(raw);
}

bool InprocInbox::wait(std::chrono::microseconds timeout) {
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout + std::chrono::microseconds(999));
  return zmq::poll(&item, 1, ms) > 0;
}

InprocSender::InprocSender(zmq::context_t& context, const std::string& endpoint, int hwm)
    : socket_(context, zmq::socket_type::push) {
  socket_.set(zmq::sockopt::sndhwm, hwm);
  socket_.set(zmq::sockopt::linger, 0);
  socket_.connect(endpoint);
}

bool InprocSender::try_send(std::unique_ptr<Batch>& batch) {
  Batch* raw = batch.get();
  SQUALL_HANDOFF_RELEASE(raw);
  auto sent = socket_.send(zmq::const_buffer(&raw, sizeof raw), zmq::send_flags::dontwait);
  if (!sent) return false;
  (void)batch.release();
  return true;
}

void InprocSender::wait_writable(std::chrono::microseconds timeout) {
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLOUT, 0};
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout + std::chrono::microseconds(999));
  zmq::poll(&item, 1, ms);
}

}  // namespace squall::runtime
