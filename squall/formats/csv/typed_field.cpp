#include "squall/formats/csv/typed_field.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/registry/component_settings.hpp"

namespace squall::spouts {
namespace {

FieldType parse_type(std::string_view component, const std::string& field, const std::string& name) {
  if (name == "string") return FieldType::string;
  if (name == "int") return FieldType::integer;
  if (name == "double") return FieldType::number;
  throw SettingError(fmt::format("{}: type '{}' of field '{}' must be string, int or double", component, name, field));
}

}  // namespace

std::vector<FieldType> field_types_from(const nlohmann::json& types, const std::vector<std::string>& fields,
                                        std::string_view component) {
  std::vector<FieldType> out(fields.size(), FieldType::string);
  if (types.is_null()) return out;
  for (auto& [field, type] : types.items()) {
    auto it = std::find(fields.begin(), fields.end(), field);
    if (it == fields.end())
      throw SettingError(fmt::format("{}: 'types' names field '{}', which is not among [{}]", component, field,
                                     fmt::join(fields, ", ")));
    out[it - fields.begin()] = parse_type(component, field, type.is_string() ? type.get<std::string>() : json_text(type));
  }
  return out;
}

std::string parse_typed_field(std::string_view text, FieldType type, Value& out) {
  if (type == FieldType::string) {
    out = Value(std::string(text));
    return {};
  }
  std::string_view s = text;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) {
    out = Value();
    return {};
  }
  if (type == FieldType::integer) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) return fmt::format("'{}' is not an integer", text);
    out = Value(v);
    return {};
  }
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) {
    if (s == "NaN" || s == "nan" || s == "NA") v = std::nan("");
    else return fmt::format("'{}' is not a number", text);
  }
  out = Value(v);
  return {};
}

}  // namespace squall::spouts
