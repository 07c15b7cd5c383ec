#include "squall/runtime/transport/outbox.hpp"

#include <algorithm>

namespace squall::runtime {

Outbox::Outbox(OutboxSettings settings, int self_index, std::size_t executor_count)
    : settings_(std::move(settings)), self_(self_index), links_(executor_count) {}

void Outbox::push(int destination, Envelope&& envelope) {
  Link& link = links_[static_cast<std::size_t>(destination)];
  if (!link.batch) link.batch = settings_.pool->acquire();
  if (link.batch->empty()) {
    link.started = SteadyClock::now();
    active_.push_back(destination);
  }
  link.batch->push_back(std::move(envelope));
  ++buffered_;
  (*settings_.counters)[static_cast<std::size_t>(self_)].sent.add();
  if (link.batch->size() >= (is_remote(destination) ? settings_.remote_batch_size : settings_.batch_size))
    send(destination, link);
}

void Outbox::flush_due(SteadyClock::time_point now) {
  // Iterate over a copy: send() edits active_.
  auto due = active_;
  for (int d : due) {
    Link& link = links_[static_cast<std::size_t>(d)];
    if (link.batch && !link.batch->empty() && now - link.started >= settings_.max_delay) send(d, link);
  }
}

void Outbox::flush_all() {
  auto all = active_;
  for (int d : all) {
    Link& link = links_[static_cast<std::size_t>(d)];
    if (link.batch && !link.batch->empty()) send(d, link);
  }
}

/// Adds the time from its making to its end to the executor's blocked_ns (backpressure).
struct Outbox::BlockedTime {
  explicit BlockedTime(Outbox& outbox) : outbox(outbox), start(SteadyClock::now()) {}
  ~BlockedTime() {
    auto waited = std::chrono::duration_cast<std::chrono::nanoseconds>(SteadyClock::now() - start).count();
    (*outbox.settings_.counters)[static_cast<std::size_t>(outbox.self_)].blocked_ns.add(static_cast<std::uint64_t>(waited));
  }
  Outbox& outbox;
  SteadyClock::time_point start;
};

void Outbox::send_remote(int destination, Link& link) {
  if (!link.remote)
    link.remote = std::make_unique<RemoteSender>(*settings_.context, *settings_.transport, *settings_.peers,
                                                 destination, settings_.remote_high_water_mark);
  link.remote->follow_moves();
  link.remote->encode(*link.batch);
  // The receiving worker counts the envelopes as received when it decodes them.
  settings_.pool->release(std::move(link.batch));
  if (link.remote->try_send()) return;
  BlockedTime blocked(*this);
  while (!link.remote->try_send()) {
    if (settings_.stopping->load(std::memory_order_relaxed)) return;  // shutting down: the peer may be gone
    if (while_blocked_) while_blocked_();
    link.remote->follow_moves();  // a peer that died may be reassigned while we wait on it
    link.remote->wait_writable(std::chrono::microseconds(500));
  }
}

void Outbox::send(int destination, Link& link) {
  if (is_remote(destination)) {
    active_.erase(std::find(active_.begin(), active_.end(), destination));
    buffered_ -= link.batch->size();
    return send_remote(destination, link);
  }
  if (!link.sender)
    link.sender.emplace(*settings_.context, inbox_endpoint(settings_.run_id, destination), settings_.high_water_mark);
  std::size_t n = link.batch->size();
  active_.erase(std::find(active_.begin(), active_.end(), destination));
  buffered_ -= n;
  auto& to = (*settings_.counters)[static_cast<std::size_t>(destination)];
  to.received.fetch_add(n, std::memory_order_relaxed);
  // Counted before the send: a receiver woken by the batch must find it counted, or it would
  // spin on an "empty" inbox until this thread, perhaps descheduled, caught up.
  to.batches_in.fetch_add(1, std::memory_order_release);
  if (link.sender->try_send(link.batch)) return;
  BlockedTime blocked(*this);
  while (!link.sender->try_send(link.batch)) {
    if (settings_.stopping->load(std::memory_order_relaxed)) {
      link.batch->clear();  // shutting down: the receiver is gone or going
      to.received.fetch_sub(n, std::memory_order_relaxed);
      to.batches_in.fetch_sub(1, std::memory_order_relaxed);
      return;
    }
    if (while_blocked_) while_blocked_();
    link.sender->wait_writable(std::chrono::microseconds(500));
  }
}

}  // namespace squall::runtime
