#pragma once
// The settings of one spout or bolt instance as a topology file gives them (constructorArgs,
// properties, configMethods and the component's `config:` map), checked against the schema the
// component registered.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "squall/api/errors.hpp"
#include "squall/api/value.hpp"
#include "squall/api/bounded_json.hpp"

namespace squall {

/// The type a setting must have. `number` accepts integers too; `string` accepts any scalar
/// (written as text); lists and maps hold any JSON-like values.
enum class SettingType { boolean, integer, number, string, string_list, list, map, any };

/// "bool", "int", "double", "string", "list<string>", "list", "map", "any".
std::string_view setting_type_name(SettingType type) noexcept;

/// One key of a component's configuration schema.
struct SettingSpec {
  std::string name;
  SettingType type = SettingType::string;
  /// The value when the topology file does not give one; null makes the setting required.
  nlohmann::json default_value;
  /// One line for `squall components` and for validation hints.
  std::string description;
  /// A null default_value normally makes the setting required; an optional one may be absent.
  bool optional = false;
  /// The value names a file the component reads (a model, a CSV): `squall submit` ships the file
  /// with the topology, and a cluster worker reads the copy its supervisor downloaded.
  bool input_file = false;
  /// A list setting that a topology file's config method may call several times (Flux's
  /// `setNamedStream`, `addComponentConfig`): each call's args become one more element.
  bool repeatable = false;
};

/// A setting has a value the schema does not allow. The message names the setting, the expected
/// and the actual type.
class SettingError : public Error {
 public:
  using Error::Error;
};

/// Validated settings of one component: every schema key is present (the file's value or the
/// default), with the schema's type. Read with typed getters:
///
///   double threshold = settings.get<double>("threshold");
///   auto fields = settings.get<std::vector<std::string>>("fields");
class ComponentSettings {
 public:
  ComponentSettings() : values_(nlohmann::json::object()) {}
  explicit ComponentSettings(nlohmann::json values) : values_(std::move(values)) {}

  bool contains(std::string_view key) const { return values_.contains(key); }

  /// The value of `key` converted to T (bool, std::int64_t, int, double, std::string,
  /// std::vector<std::string>, nlohmann::json, ...). Throws SettingError naming the key when it is
  /// missing or of another type.
  template <typename T>
  T get(std::string_view key) const {
    const nlohmann::json& v = at(key);
    try {
      return v.get<T>();
    } catch (const nlohmann::json::exception&) {
      throw SettingError("setting '" + std::string(key) + "' has the wrong type: " + json_text(v));
    }
  }

  /// The value of `key`, or `fallback` when the key is absent or null.
  template <typename T>
  T get_or(std::string_view key, T fallback) const {
    auto it = values_.find(key);
    if (it == values_.end() || it->is_null()) return fallback;
    return get<T>(key);
  }

  /// The raw JSON value of `key`; throws SettingError when it is missing.
  const nlohmann::json& at(std::string_view key) const;
  /// All settings as a JSON object.
  const nlohmann::json& json() const noexcept { return values_; }
  nlohmann::json& json() noexcept { return values_; }

 private:
  nlohmann::json values_;
};

/// Checks `value` against `type`; converts scalars to text for `string` settings and integers to
/// doubles where a number is expected. Returns an empty string when the value fits, otherwise what
/// is wrong ("expected int, got string \"abc\"").
std::string coerce_setting(SettingType type, nlohmann::json& value);

/// A JSON scalar as a tuple Value (null → nil, bool, int → int64, other numbers → double,
/// string). Throws SettingError for a list or a map.
Value value_from_json(const nlohmann::json& scalar);
/// The JSON form of a value: null, bool, integer, number or string; bytes as their to_string() text.
nlohmann::json value_to_json(const Value& value);
/// `values` as the text of a JSON array, e.g. `[1000,"a",null]`: for error and late-tuple streams.
std::string values_to_json_text(const Values& values);

}  // namespace squall
