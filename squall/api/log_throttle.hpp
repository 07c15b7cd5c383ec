#pragma once
// Rate-limited logging: a fault that repeats per tuple (a poison row, a bolt that throws on
// every call) must not turn into a log storm. The first few occurrences are logged in full, then
// at most one line per interval that says how many were not logged.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace squall {

/// Decides whether an occurrence of one kind of message is logged. Thread-safe.
/// Usage: `if (auto n = throttle.admit()) spdlog::warn("... ({} like this since the last line)", *n - 1);`
class LogThrottle {
 public:
  using Clock = std::chrono::steady_clock;
  /// `burst` occurrences are logged in full, then one per `interval`.
  explicit LogThrottle(std::chrono::milliseconds interval = std::chrono::seconds(10), std::uint64_t burst = 5)
      : interval_(interval), burst_(burst) {}

  /// Counts an occurrence. Returns 0 when it should not be logged; otherwise the number of
  /// occurrences this line stands for (1 + those suppressed since the last logged line).
  std::uint64_t admit(Clock::time_point now = Clock::now()) {
    std::lock_guard lock(mutex_);
    ++total_;
    ++unlogged_;
    if (total_ <= burst_ || now - last_ >= interval_) {
      last_ = now;
      auto n = unlogged_;
      unlogged_ = 0;
      return n;
    }
    return 0;
  }
  /// Every occurrence counted so far, logged or not.
  std::uint64_t total() const {
    std::lock_guard lock(mutex_);
    return total_;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::milliseconds interval_;
  std::uint64_t burst_;
  std::uint64_t total_ = 0, unlogged_ = 0;
  Clock::time_point last_{};
};

/// " (and N more since the last such line)" when `admitted` > 1, else "": for the end of a log line.
inline std::string suppressed_note(std::uint64_t admitted) {
  return admitted > 1 ? " (and " + std::to_string(admitted - 1) + " more like it since the last such line)" : std::string();
}

}  // namespace squall
