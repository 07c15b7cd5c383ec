#include "squall/formats/tuple_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "squall/api/bounded_json.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/formats/csv/csv_field.hpp"

namespace squall::bolts {

std::string csv_text(const Value& v) {
  switch (v.type()) {
    case ValueType::nil: return "";
    case ValueType::string: return spouts::csv_field(v.as_string());
    case ValueType::float64: return fmt::format("{}", v.as_double());
    default: return spouts::csv_field(v.to_string());
  }
}

std::string tuple_as_json(const Tuple& t, const std::vector<std::string>& fields) {
  nlohmann::json row = nlohmann::json::object();
  if (fields.empty())
    for (std::size_t i = 0; i < t.size(); ++i) row[t.fields().names()[i]] = value_to_json(t.get(i));
  else
    for (const auto& f : fields) row[f] = value_to_json(t.get(f));
  // Invalid UTF-8 in a string (a CSV field in Latin-1, binary bytes) becomes U+FFFD: the row is
  // written, never an exception on every replay.
  return json_text(row);
}

std::string tuple_as_csv(const Tuple& t, const std::vector<std::string>& fields) {
  std::string line;
  if (fields.empty())
    for (std::size_t i = 0; i < t.size(); ++i) line += (i ? "," : "") + csv_text(t.get(i));
  else
    for (std::size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + csv_text(t.get(fields[i]));
  return line;
}

}  // namespace squall::bolts
