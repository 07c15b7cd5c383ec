#include "squall/flux/topology_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/config_schema.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/flux/yaml_values.hpp"

namespace squall {

bool is_topology_setting(std::string_view key) { return key.starts_with("topology.") || key.starts_with("squall."); }

Config read_topology_config(const std::vector<yaml::Entry>& entries, std::string_view where, Diagnostics& diagnostics) {
  Config config;
  for (const auto& e : entries) {
    nlohmann::json value = yaml::to_json(e.node);
    auto where_key = fmt::format("{} '{}'", where, e.key);
    if (auto renamed = renamed_config_key(e.key); !renamed.empty()) {
      diagnostics.add(yaml::location_of(e.node, e.file), fmt::format("{}: this key was renamed", where_key),
                      fmt::format("write '{}' (Storm's name; `squall settings` lists every key)", renamed));
      continue;
    }
    if (const ConfigKeyInfo* key = find_config_key(e.key)) {
      std::string problem = value.is_primitive() ? config_value_problem(*key, value_from_json(value))
                                                 : config_type_problem(*key, value.is_array() ? "list" : "map");
      if (!problem.empty()) {
        diagnostics.add(yaml::location_of(e.node, e.file), fmt::format("{}: {}", where_key, problem),
                        fmt::format("'{}' takes {}{}", e.key, config_type_name(key->type),
                                    key->unit.empty() ? "" : fmt::format(" ({})", key->unit)));
        continue;
      }
    }
    if (!value.is_primitive()) {
      diagnostics.add(yaml::location_of(e.node, e.file),
                      fmt::format("{} '{}': a topology setting must be a single value, found {}", where, e.key,
                                  json_text(value)),
                      "topology settings are numbers, strings or booleans");
      continue;
    }
    config.set(e.key, value_from_json(value));
  }
  return config;
}

}  // namespace squall
