#pragma once
// java.util.Random's generator (a 48-bit LCG, Knuth TAOCP 3.2.1), which H2O's GenModel uses to
// break ties between equally probable classes: same seed, same doubles as the JVM.

#include <cstdint>

namespace squall::prediction::mojo {

class JavaRandom {
 public:
  explicit JavaRandom(std::int64_t seed) : seed_((static_cast<std::uint64_t>(seed) ^ kMultiplier) & kMask) {}
  /// Random.nextDouble(): uniform in [0, 1) with 53 random bits.
  double next_double() {
    std::uint64_t high = next(26), low = next(27);
    return static_cast<double>((high << 27) + low) * 0x1.0p-53;
  }

 private:
  static constexpr std::uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr std::uint64_t kMask = (1ULL << 48) - 1;
  std::uint64_t next(int bits) {
    seed_ = (seed_ * kMultiplier + 0xBULL) & kMask;
    return seed_ >> (48 - bits);
  }
  std::uint64_t seed_;
};

}  // namespace squall::prediction::mojo
