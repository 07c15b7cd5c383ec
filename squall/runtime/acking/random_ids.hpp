#pragma once
// Fast random 64-bit ids for Storm's acking: edge ids and root ids.

#include <cstdint>
#include <random>

namespace squall::runtime {

/// splitmix64 (Steele, Lea, Flood: "Fast splittable pseudorandom number generators", 2014).
/// One per executor thread; seeded from std::random_device. Never returns 0, which the acker
/// maps reserve for "empty".
class RandomIds {
 public:
  RandomIds() : state_((static_cast<std::uint64_t>(std::random_device{}()) << 32) ^ std::random_device{}()) {}
  explicit RandomIds(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() noexcept {
    for (;;) {
      std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      z ^= z >> 31;
      if (z != 0) return z;
    }
  }

 private:
  std::uint64_t state_;
};

}  // namespace squall::runtime
