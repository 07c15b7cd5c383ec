#pragma once
// Pure functions of (seed, n) for spouts whose tuple n must be the same on every replay.

#include <cstdint>

namespace squall::spouts {

/// splitmix64's finaliser (Steele, Lea, Flood: "Fast splittable pseudorandom number
/// generators", 2014): a well-mixed 64-bit value from any input.
inline std::uint64_t mix64(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A double in [0, 1) from the top 53 bits.
inline double unit_interval(std::uint64_t bits) noexcept { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

}  // namespace squall::spouts
