#include "squall/web/event_hub.hpp"

namespace squall::bolts {

EventHub::EventHub(std::size_t history) : history_(history < 1 ? 1 : history) {}

std::uint64_t EventHub::publish(std::string json) {
  std::uint64_t seq;
  {
    std::lock_guard lock(mutex_);
    seq = next_++;
    events_.emplace_back(seq, std::move(json));
    if (events_.size() > history_) events_.pop_front();
  }
  changed_.notify_all();
  return seq;
}

std::vector<std::pair<std::uint64_t, std::string>> EventHub::wait_after(std::uint64_t after, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return closed_ || (!events_.empty() && events_.back().first > after); });
  std::vector<std::pair<std::uint64_t, std::string>> out;
  if (closed_) return out;
  for (const auto& e : events_)
    if (e.first > after) out.push_back(e);
  return out;
}

void EventHub::close() {
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  changed_.notify_all();
}

bool EventHub::closed() const {
  std::lock_guard lock(mutex_);
  return closed_;
}

std::string EventHub::latest() const {
  std::lock_guard lock(mutex_);
  return events_.empty() ? "{}" : events_.back().second;
}

}  // namespace squall::bolts
