#pragma once
// Tuple values as multilang JSON and back.

#include <nlohmann/json.hpp>

#include "squall/api/value.hpp"

namespace squall::multilang {

/// A value as the child sees it: null, true/false, an integer, a number, a string; bytes as a
/// base64 string (RFC 4648, with padding), as Storm's JSON serializer writes byte arrays.
nlohmann::json to_json(const Value& value);
/// A tuple as a JSON array of to_json(value).
nlohmann::json to_json(const Values& values);
/// A value a child emitted: null → nil, bool, integer → int64 (an unsigned one above 2^63-1 is an
/// error), other numbers → double, string. A list or an object has no tuple value: throws
/// std::invalid_argument naming its JSON type and what to do instead.
Value value_from_json(const nlohmann::json& json);
/// The values of an emit's "tuple" array; throws std::invalid_argument when `json` is not an array,
/// or for its first value that does not map (naming its position).
Values values_from_json(const nlohmann::json& json);

}  // namespace squall::multilang
