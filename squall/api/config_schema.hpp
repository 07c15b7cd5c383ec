#pragma once
// The config schema as data: every key of config_keys.hpp, type-erased, for validation, for
// `squall settings` and for the generated docs/settings.md.

#include <span>
#include <string>
#include <string_view>

#include "squall/api/config.hpp"

namespace squall {

/// One key of the schema.
struct ConfigKeyInfo {
  std::string_view name;
  ConfigType type;
  double min, max;  ///< inclusive bounds of an integer or number
  /// The default as docs show it ("1", "0.05", "true", "ipc", or the key's default_doc).
  std::string default_text;
  std::string_view unit, doc, origin;
};

/// "int", "number", "bool", "string".
std::string_view config_type_name(ConfigType type) noexcept;

/// Every key, sorted by name.
std::span<const ConfigKeyInfo> config_schema();
/// The key named `name`, or nullptr (an unknown key: Storm passes those on to components).
const ConfigKeyInfo* find_config_key(std::string_view name);

/// A bound as docs and messages show it: "1024", "0.05", "9e+18" for the ones past 10^15.
std::string config_bound_text(double bound);

/// "expected int, got string": a value of type `got` (a type name) given for `key`.
std::string config_type_problem(const ConfigKeyInfo& key, std::string_view got);

/// What is wrong with `value` for `key` ("expected int, got string", "must be from 1 to 1024"),
/// or "" when it fits. An integral number fits a number key.
std::string config_value_problem(const ConfigKeyInfo& key, const Value& value);

/// A key squall once used under another name: its new name, or "" when `name` was not renamed.
std::string_view renamed_config_key(std::string_view name);

/// Checks every known key of `config` against the schema (type and range) and refuses renamed
/// keys. Throws TopologyError listing each problem with the key and the fix.
void validate_config(const Config& config);

}  // namespace squall
