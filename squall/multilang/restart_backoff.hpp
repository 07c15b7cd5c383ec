#pragma once
// When a failed multilang child may be started again.

#include <algorithm>
#include <chrono>

namespace squall::multilang {

/// 0.1 s after a failure, doubling to at most 10 s while the child keeps failing; back to 0.1 s
/// once a child works. Keeps a child that dies at start from being restarted in a tight loop.
class RestartBackoff {
 public:
  using Clock = std::chrono::steady_clock;
  bool may_start(Clock::time_point now) const noexcept { return now >= next_start_; }
  /// The earliest time of the next start.
  Clock::time_point next_start() const noexcept { return next_start_; }
  /// The child failed (or could not start) at `now`.
  void failed(Clock::time_point now) noexcept {
    next_start_ = now + delay_;
    delay_ = std::min(delay_ * 2, kMaxDelay);
  }
  /// The child answered: the next failure is restarted soon again.
  void succeeded() noexcept { delay_ = kFirstDelay; }

 private:
  static constexpr std::chrono::milliseconds kFirstDelay{100}, kMaxDelay{10'000};
  std::chrono::milliseconds delay_ = kFirstDelay;
  Clock::time_point next_start_{};
};

}  // namespace squall::multilang
