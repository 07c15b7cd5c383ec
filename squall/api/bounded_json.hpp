#pragma once
// JSON from outside (Kafka values, model files, progress files) parsed with a nesting bound:
// nlohmann's parser is iterative, but dump(), comparisons and the code that walks a document
// recurse once per level, so a 100,000-deep array in a 200 KB record overflowed the stack.

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace squall {

/// The deepest nesting of arrays and objects in `text` (brackets inside strings do not count),
/// scanning without recursion; stops early once it passes `stop_after`.
int json_nesting_depth(std::string_view text, int stop_after);

/// Parses `text`; on failure returns a discarded value and says why in `error` ("not valid
/// JSON", or "nested deeper than N levels"). Never throws for bad input.
nlohmann::json parse_bounded_json(std::string_view text, int max_depth, std::string& error);

}  // namespace squall

namespace squall {

/// `value` as JSON text, with bytes that are not UTF-8 replaced by U+FFFD: nlohmann's dump()
/// throws type_error 316 on them, and strings from YAML, CSV and Kafka may hold any bytes.
inline std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace squall
