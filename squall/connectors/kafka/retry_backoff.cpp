#include "squall/connectors/kafka/retry_backoff.hpp"

#include <algorithm>
#include <cmath>

namespace squall::kafka {

std::chrono::milliseconds RetryBackoff::delay(std::int64_t n) const noexcept {
  // In doubles, so a long run of failures saturates at the cap instead of overflowing.
  double ms = static_cast<double>(initial.count()) * std::pow(multiplier, static_cast<double>(std::max<std::int64_t>(n, 1) - 1));
  ms = std::min(ms, static_cast<double>(max_delay.count()));
  return std::chrono::milliseconds(static_cast<std::int64_t>(ms));
}

}  // namespace squall::kafka
