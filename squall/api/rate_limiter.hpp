#pragma once
// Paces a spout to a set rate without sleeping (next_tuple must not block): emit while the count
// so far is below elapsed time × rate.

#include <chrono>
#include <cstdint>

namespace squall::spouts {

class RateLimiter {
 public:
  /// `per_second` <= 0 means unthrottled.
  explicit RateLimiter(double per_second = 0) : per_second_(per_second) {}

  /// Starts the clock (call from open()).
  void start() { started_ = std::chrono::steady_clock::now(); }
  /// True when one more tuple may go now (allowing a burst of one).
  bool ready() const {
    if (per_second_ <= 0) return true;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return static_cast<double>(sent_) < elapsed * per_second_ + 1;
  }
  /// Counts a tuple that went.
  void sent() { ++sent_; }

 private:
  double per_second_;
  std::chrono::steady_clock::time_point started_{};
  std::int64_t sent_ = 0;
};

}  // namespace squall::spouts
