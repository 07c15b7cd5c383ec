#include "squall/multilang/json_values.hpp"

#include "squall/api/registry/component_settings.hpp"

#include <limits>
#include <stdexcept>

#include <fmt/format.h>
#include <sodium.h>

namespace squall::multilang {

nlohmann::json to_json(const Value& value) {
  if (value.type() != ValueType::bytes) return squall::value_to_json(value);
  const auto& data = value.as_bytes().data;
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string text(sodium_base64_encoded_len(data.size(), variant), '\0');
  sodium_bin2base64(text.data(), text.size(), data.data(), data.size(), variant);
  text.resize(text.size() - 1);  // the encoder's terminating NUL
  return text;
}

nlohmann::json to_json(const Values& values) {
  auto out = nlohmann::json::array();
  for (const auto& v : values) out.push_back(to_json(v));
  return out;
}

Value value_from_json(const nlohmann::json& json) {
  switch (json.type()) {
    case nlohmann::json::value_t::null: return Value();
    case nlohmann::json::value_t::boolean: return Value(json.get<bool>());
    case nlohmann::json::value_t::number_integer: return Value(json.get<std::int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
      auto u = json.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        throw std::invalid_argument(fmt::format("{} is above the largest int64; send it as a string", u));
      return Value(static_cast<std::int64_t>(u));
    }
    case nlohmann::json::value_t::number_float: return Value(json.get<double>());
    case nlohmann::json::value_t::string: return Value(json.get<std::string>());
    default:
      throw std::invalid_argument(fmt::format("a JSON {} is not a tuple value (values are null, bool, numbers and "
                                              "strings); send it as a string, e.g. json.dumps(value)",
                                              json.type_name()));
  }
}

Values values_from_json(const nlohmann::json& json) {
  if (!json.is_array()) throw std::invalid_argument(fmt::format("'tuple' must be a JSON array, not {}", json.type_name()));
  Values values;
  values.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    try {
      values.push_back(value_from_json(json[i]));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(fmt::format("value {} of the tuple: {}", i, e.what()));
    }
  }
  return values;
}

}  // namespace squall::multilang
