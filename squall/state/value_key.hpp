#pragma once
// Tuple values as the keys of an in-memory map of state: equal exactly when their stored bytes
// (value_bytes.hpp) are, so that the map and the provider agree on which keys are one.

#include <bit>
#include <cstddef>

#include "squall/api/value.hpp"

namespace squall::state {

/// Hashes a key with groupings::stable_hash (FNV-1a over its type tag and bytes). Deliberately not
/// noexcept: libstdc++'s unordered_map then keeps each node's hash, instead of hashing the keys
/// of a bucket again at every lookup.
struct ValueKeyHash {
  std::size_t operator()(const Value& key) const;
};

/// Same type and same bytes: doubles compare by bit pattern, so a NaN key finds itself and -0.0
/// and 0.0 are two keys, as their msgpack bytes are.
struct ValueKeyEqual {
  bool operator()(const Value& a, const Value& b) const noexcept {
    if (a.type() != b.type()) return false;
    if (a.type() == ValueType::float64)
      return std::bit_cast<std::uint64_t>(a.as_double()) == std::bit_cast<std::uint64_t>(b.as_double());
    return a == b;
  }
};

}  // namespace squall::state
