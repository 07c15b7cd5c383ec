#pragma once
// A tuple written as text, the way squall's sinks write it: a JSON object or a CSV record
// (RFC 4180 quoting, nil as an empty field, doubles in their shortest round-trip form).

#include <string>
#include <vector>

#include "squall/api/tuple.hpp"

namespace squall::bolts {

/// `fields` of `t` (every field when empty) as a JSON object, e.g. {"word":"cat","count":3}.
/// Throws FieldError for a field the tuple does not have.
std::string tuple_as_json(const Tuple& t, const std::vector<std::string>& fields);
/// `fields` of `t` (every field when empty) as one CSV record without the line break.
/// Throws FieldError for a field the tuple does not have.
std::string tuple_as_csv(const Tuple& t, const std::vector<std::string>& fields);
/// One value as a CSV field.
std::string csv_text(const Value& v);

}  // namespace squall::bolts
