#pragma once
// Component settings declared once, as typed members: a component's `Settings` struct lists each
// member with its name and doc in `describe`, and the registry derives the schema (types and
// defaults from the members) and fills the struct from a topology file's values. Nothing is
// named twice, and the component reads plain members:
//
//   class UppercaseBolt : public squall::BasicBolt {
//    public:
//     struct Settings {
//       std::string field = "word";
//       std::int64_t min_length = 0;
//       void describe(squall::SettingsSchema& s) {
//         s.add(field, "field", "the field to upper-case");
//         s.add(min_length, "min.length", "shorter words are acked and dropped");
//       }
//     };
//     explicit UppercaseBolt(const Settings& settings);
//   };
//   registry.add_bolt<UppercaseBolt>({.class_name = "com.example.UppercaseBolt"});

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "squall/api/registry/component_settings.hpp"

namespace squall {

/// The SettingType of a member type: bool → bool, integers → int, floating point → double,
/// std::string → string, std::vector<std::string> → list<string>, nlohmann::json → any;
/// std::optional<T> as T.
template <typename M>
constexpr SettingType setting_type_of() {
  if constexpr (std::is_same_v<M, bool>) return SettingType::boolean;
  else if constexpr (std::is_integral_v<M>) return SettingType::integer;
  else if constexpr (std::is_floating_point_v<M>) return SettingType::number;
  else if constexpr (std::is_same_v<M, std::string>) return SettingType::string;
  else if constexpr (std::is_same_v<M, std::vector<std::string>>) return SettingType::string_list;
  else if constexpr (std::is_same_v<M, nlohmann::json>) return SettingType::any;
  else static_assert(sizeof(M) == 0, "a setting member is bool, an integer, a double, std::string, "
                                     "std::vector<std::string>, nlohmann::json or std::optional of one");
}

/// What a Settings struct's `describe` is given. The registry calls it twice: on a default
/// struct to learn the schema (each member's current value is its default), and on the struct it
/// hands to the component's constructor, to fill it from validated ComponentSettings.
class SettingsSchema {
 public:
  /// Learns the schema into `specs`.
  explicit SettingsSchema(std::vector<SettingSpec>& specs) : specs_(&specs) {}
  /// Reads values from `settings` (already checked against the schema) into the members.
  explicit SettingsSchema(const ComponentSettings& settings) : settings_(&settings) {}

  /// A setting whose default is the member's value. `type` overrides the member's type for an
  /// nlohmann::json member (SettingType::list or SettingType::map). Throws SettingError when a
  /// value cannot be converted to the member's type.
  template <typename M>
  SettingsSchema& add(M& member, std::string_view name, std::string_view doc, std::optional<SettingType> type = {}) {
    return declare(member, name, doc, type, false);
  }
  /// A setting the topology must give (no default).
  template <typename M>
  SettingsSchema& required(M& member, std::string_view name, std::string_view doc,
                           std::optional<SettingType> type = {}) {
    return declare(member, name, doc, type, true);
  }
  /// A std::string setting naming a file the component reads (a model, a CSV file): declared as
  /// add() or required() declare it, and marked so that `squall submit` ships the file to the
  /// cluster (the member then holds the path of the supervisor's local copy). Not for outputs,
  /// nor for a directory or a file that grows: those stay on their host.
  SettingsSchema& input_file(std::string& member, std::string_view name, std::string_view doc, bool is_required = false) {
    declare(member, name, doc, {}, is_required);
    if (specs_) specs_->back().input_file = true;
    return *this;
  }

 private:
  template <typename M>
  SettingsSchema& declare(M& member, std::string_view name, std::string_view doc, std::optional<SettingType> type,
                          bool is_required) {
    if (specs_) {
      SettingSpec spec{std::string(name), type.value_or(type_of<M>()), nullptr, std::string(doc), false};
      if constexpr (is_optional<M>) spec.optional = true;
      else if (!is_required) spec.default_value = nlohmann::json(member);
      specs_->push_back(std::move(spec));
    } else if (auto it = settings_->json().find(name); it != settings_->json().end() && !it->is_null()) {
      if constexpr (is_optional<M>) member = settings_->get<typename M::value_type>(name);
      else member = settings_->get<M>(name);
    } else if (is_required) {
      throw SettingError("setting '" + std::string(name) + "' is required");
    }
    return *this;
  }
  template <typename M>
  struct optional_trait : std::false_type {};
  template <typename V>
  struct optional_trait<std::optional<V>> : std::true_type {};
  template <typename M>
  static constexpr bool is_optional = optional_trait<M>::value;
  template <typename M>
  static constexpr SettingType type_of() {
    if constexpr (is_optional<M>) return setting_type_of<typename M::value_type>();
    else return setting_type_of<M>();
  }

  std::vector<SettingSpec>* specs_ = nullptr;
  const ComponentSettings* settings_ = nullptr;
};

/// A component class with typed settings: a nested `Settings` struct with
/// `void describe(SettingsSchema&)`, and a constructor from it.
template <typename T>
concept HasTypedSettings = requires(typename T::Settings s, SettingsSchema& schema) {
  { s.describe(schema) };
} && std::is_constructible_v<T, const typename T::Settings&>;

/// The schema of a Settings struct: one SettingSpec per member, defaults from a default struct.
template <typename S>
std::vector<SettingSpec> settings_schema_of() {
  std::vector<SettingSpec> specs;
  S defaults{};
  SettingsSchema schema(specs);
  defaults.describe(schema);
  return specs;
}

/// A Settings struct filled from settings (members the settings lack keep their defaults).
/// Throws SettingError for a value of the wrong type or a missing required setting.
template <typename S>
S read_settings(const ComponentSettings& settings) {
  S out{};
  SettingsSchema schema(settings);
  out.describe(schema);
  return out;
}

}  // namespace squall
