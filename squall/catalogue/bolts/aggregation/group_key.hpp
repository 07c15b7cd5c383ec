#pragma once
// Values as hash-map keys: an unambiguous byte encoding (a type tag, then the value), so that
// the int 1 and the string "1" stay different keys.

#include <string>

#include "squall/api/value.hpp"

namespace squall::aggregation {

/// Appends `value`'s encoding to `out`.
void append_key(std::string& out, const Value& value);

}  // namespace squall::aggregation
