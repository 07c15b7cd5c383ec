#pragma once
// The bytes a state provider stores for a key or a value: msgpack (https://msgpack.org/), the
// encoding tuples travel in, so a key's type is part of its bytes.

#include <string>
#include <string_view>

#include "squall/api/value.hpp"

namespace squall::state {

/// One value as msgpack: nil, bool, int, float 64, str or bin.
std::string value_to_bytes(const Value& value);

/// The value of bytes that value_to_bytes made. Throws StateError for anything else (truncated,
/// trailing bytes, a type a tuple value cannot hold).
Value value_from_bytes(std::string_view bytes);

}  // namespace squall::state
