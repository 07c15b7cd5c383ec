#pragma once
// Writing a CSV field (RFC 4180): quoted when it holds the delimiter, a quote or a line break,
// with quotes doubled. What CsvReader reads back unchanged.

#include <string>
#include <string_view>

namespace squall::spouts {

inline std::string csv_field(std::string_view s, char delimiter = ',') {
  bool needs_quotes = false;
  for (char c : s) needs_quotes |= c == delimiter || c == '"' || c == '\n' || c == '\r';
  if (!needs_quotes) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace squall::spouts
