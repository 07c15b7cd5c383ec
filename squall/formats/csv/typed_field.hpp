#pragma once
// Text fields with a declared type (string, int, double): how CsvSpout and KafkaSpout's CSV and
// JSON value formats turn text into typed tuple values.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/api/value.hpp"

namespace squall::spouts {

enum class FieldType { string, integer, number };

/// The types of `fields` from a settings map field → "string" | "int" | "double" (absent fields are
/// strings). Throws SettingError, prefixed with `component`, for an unknown type name or a field
/// that is not among `fields`.
std::vector<FieldType> field_types_from(const nlohmann::json& types, const std::vector<std::string>& fields,
                                        std::string_view component);

/// `text` as a value of `type`: strings as they are; numbers with surrounding spaces trimmed, empty
/// → nil, "NaN"/"nan"/"NA" → NaN for doubles. Returns an empty string on success, otherwise what is
/// wrong ("'abc' is not a number"), leaving `out` unspecified.
std::string parse_typed_field(std::string_view text, FieldType type, Value& out);

}  // namespace squall::spouts
