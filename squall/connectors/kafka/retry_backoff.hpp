#pragma once
// When a failed Kafka record is emitted again: Storm's KafkaSpoutRetryExponentialBackoff.

#include <chrono>
#include <cstdint>

namespace squall::kafka {

/// The n-th retry (n from 1) waits initial × multiplier^(n-1), capped at max_delay; after
/// max_retries retries (negative: never) the record is given up. Storm's defaults: 2 ms, ×2,
/// 10 s, retry forever.
struct RetryBackoff {
  std::chrono::milliseconds initial{2};
  double multiplier = 2.0;
  std::chrono::milliseconds max_delay{10'000};
  std::int64_t max_retries = -1;

  /// The wait before retry `n` (n ≥ 1).
  std::chrono::milliseconds delay(std::int64_t n) const noexcept;
  /// Whether a record that failed `failures` times may be emitted again.
  bool may_retry(std::int64_t failures) const noexcept { return max_retries < 0 || failures <= max_retries; }
};

}  // namespace squall::kafka
