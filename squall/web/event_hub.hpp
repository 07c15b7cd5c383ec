#pragma once
// Results published by the web view bolt and read by browser connections on other threads: a
// bounded history (so a page opened late still sees recent rows) and a wait for new events.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace squall::bolts {

class EventHub {
 public:
  /// Keeps the last `history` events (at least 1).
  explicit EventHub(std::size_t history);

  /// Adds an event (a JSON text); returns its sequence number (from 1).
  std::uint64_t publish(std::string json);
  /// Events with a sequence number above `after`, waiting up to `timeout` for one to arrive.
  /// Each is (sequence, json). Returns early, empty, once close() was called.
  std::vector<std::pair<std::uint64_t, std::string>> wait_after(std::uint64_t after, std::chrono::milliseconds timeout);
  /// Wakes every waiter for good (the server is stopping).
  void close();
  bool closed() const;
  /// The newest event, or "{}".
  std::string latest() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<std::uint64_t, std::string>> events_;
  std::size_t history_;
  std::uint64_t next_ = 1;
  bool closed_ = false;
};

}  // namespace squall::bolts
