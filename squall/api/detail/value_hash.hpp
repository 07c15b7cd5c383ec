#pragma once
// A hash of values that is the same on every run, process and machine (fields grouping needs it).

#include <cstdint>
#include <span>

#include "squall/api/value.hpp"

namespace squall::groupings {

/// 64-bit FNV-1a over each value's type tag and bytes (ints little-endian, doubles by bit pattern
/// with -0.0 folded into 0.0), mixed with `seed`. std::hash is not used: it may differ between
/// builds, and a key must reach the same task in every worker.
std::uint64_t stable_hash(const Value& value, std::uint64_t seed = 0) noexcept;
std::uint64_t stable_hash(std::span<const Value> values, std::uint64_t seed = 0) noexcept;
/// The hash of values[indices[0]], values[indices[1]], ...: equal to stable_hash of those values.
std::uint64_t stable_hash(std::span<const Value> values, std::span<const std::size_t> indices,
                          std::uint64_t seed = 0) noexcept;

}  // namespace squall::groupings
