#pragma once
// Topology and component configuration: Storm's config map. Its keys, with their types and
// defaults, are in config_keys.hpp.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "squall/api/config_keys.hpp"
#include "squall/api/value.hpp"

namespace squall {

/// A string-keyed map of values. Component config overrides topology config for that component.
class Config {
 public:
  Config() = default;

  Config& set(std::string_view key, Value value);
  bool contains(std::string_view key) const { return entries_.find(key) != entries_.end(); }
  /// The value of `key`, or nullptr.
  const Value* find(std::string_view key) const;

  /// Typed reads with a default for a missing key. A present key of another type throws
  /// TypeMismatchError naming the key.
  std::int64_t get_int(std::string_view key, std::int64_t fallback) const;
  double get_double(std::string_view key, double fallback) const;
  bool get_bool(std::string_view key, bool fallback) const;
  std::string get_string(std::string_view key, std::string_view fallback) const;

  /// The value of a schema key (config_keys.hpp), or its default when the key is missing. A
  /// present key of another type throws TypeMismatchError naming the key.
  std::int64_t get(const ConfigKey<std::int64_t>& key) const { return get_int(key.name, key.fallback); }
  double get(const ConfigKey<double>& key) const { return get_double(key.name, key.fallback); }
  bool get(const ConfigKey<bool>& key) const { return get_bool(key.name, key.fallback); }
  std::string get(const ConfigKey<std::string_view>& key) const { return get_string(key.name, key.fallback); }

  /// A copy of this config with every entry of `overrides` put over it.
  Config merged_with(const Config& overrides) const;

  const std::map<std::string, Value, std::less<>>& entries() const noexcept { return entries_; }

 private:
  std::map<std::string, Value, std::less<>> entries_;
};

}  // namespace squall
