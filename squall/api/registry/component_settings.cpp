#include "squall/api/registry/component_settings.hpp"

#include <fmt/format.h>

#include "squall/api/bounded_json.hpp"

namespace squall {

std::string_view setting_type_name(SettingType type) noexcept {
  switch (type) {
    case SettingType::boolean: return "bool";
    case SettingType::integer: return "int";
    case SettingType::number: return "double";
    case SettingType::string: return "string";
    case SettingType::string_list: return "list<string>";
    case SettingType::list: return "list";
    case SettingType::map: return "map";
    case SettingType::any: return "any";
  }
  return "?";
}

const nlohmann::json& ComponentSettings::at(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) throw SettingError(fmt::format("setting '{}' is not set", key));
  return *it;
}

namespace {

std::string_view json_kind(const nlohmann::json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "bool";
  if (v.is_number_integer()) return "int";
  if (v.is_number()) return "double";
  if (v.is_string()) return "string";
  if (v.is_array()) return "list";
  return "map";
}

std::string mismatch(SettingType type, const nlohmann::json& v) {
  return fmt::format("expected {}, got {} {}", setting_type_name(type), json_kind(v), json_text(v));
}

}  // namespace

std::string coerce_setting(SettingType type, nlohmann::json& value) {
  switch (type) {
    case SettingType::any: return {};
    case SettingType::boolean: return value.is_boolean() ? std::string() : mismatch(type, value);
    case SettingType::integer: return value.is_number_integer() ? std::string() : mismatch(type, value);
    case SettingType::number:
      if (value.is_number_integer()) value = value.get<double>();
      return value.is_number() ? std::string() : mismatch(type, value);
    case SettingType::string:
      if (value.is_string()) return {};
      if (value.is_primitive() && !value.is_null()) {
        value = json_text(value);
        return {};
      }
      return mismatch(type, value);
    case SettingType::string_list:
      if (!value.is_array()) return mismatch(type, value);
      for (auto& item : value) {
        if (item.is_primitive() && !item.is_null() && !item.is_string()) item = json_text(item);
        if (!item.is_string()) return mismatch(type, value);
      }
      return {};
    case SettingType::list: return value.is_array() ? std::string() : mismatch(type, value);
    case SettingType::map: return value.is_object() ? std::string() : mismatch(type, value);
  }
  return {};
}

Value value_from_json(const nlohmann::json& scalar) {
  if (scalar.is_null()) return Value();
  if (scalar.is_boolean()) return Value(scalar.get<bool>());
  if (scalar.is_number_integer()) return Value(scalar.get<std::int64_t>());
  if (scalar.is_number()) return Value(scalar.get<double>());
  if (scalar.is_string()) return Value(scalar.get<std::string>());
  throw SettingError(fmt::format("expected a single value, got {}", json_text(scalar)));
}

nlohmann::json value_to_json(const Value& v) {
  switch (v.type()) {
    case ValueType::nil: return nullptr;
    case ValueType::boolean: return v.as_bool();
    case ValueType::int64: return v.as_int();
    case ValueType::float64: return v.as_double();
    case ValueType::string: return v.as_string();
    case ValueType::bytes: return v.to_string();
  }
  return nullptr;
}

std::string values_to_json_text(const Values& values) {
  nlohmann::json array = nlohmann::json::array();
  for (const auto& v : values) array.push_back(value_to_json(v));
  return json_text(array);
}

}  // namespace squall
