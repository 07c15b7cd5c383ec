#include "squall/api/bounded_json.hpp"

#include <fmt/format.h>

namespace squall {

int json_nesting_depth(std::string_view text, int stop_after) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // skips the escaped character
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest && (deepest = depth) > stop_after) return deepest;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

nlohmann::json parse_bounded_json(std::string_view text, int max_depth, std::string& error) {
  if (json_nesting_depth(text, max_depth) > max_depth) {
    error = fmt::format("JSON nested deeper than {} levels", max_depth);
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  auto doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) error = "not valid JSON";
  return doc;
}

}  // namespace squall
