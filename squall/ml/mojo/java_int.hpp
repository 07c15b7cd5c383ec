#pragma once
// Java's (int) cast of a double, which H2O's scoring code relies on: truncation toward zero,
// saturating at the int range, NaN → 0 (JLS §5.1.3).

#include <cmath>
#include <cstdint>
#include <limits>

namespace squall::prediction::mojo {

inline std::int32_t java_int(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return std::numeric_limits<std::int32_t>::max();
  if (d <= -2147483648.0) return std::numeric_limits<std::int32_t>::min();
  return static_cast<std::int32_t>(d);
}

}  // namespace squall::prediction::mojo
