#pragma once
// Flux's component construction read as squall settings: the `components:` section (named
// values that `ref:` refers to) and a spout's, bolt's or custom grouping's constructorArgs,
// properties, configMethods and config, checked against the class's settings schema.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "squall/api/config.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/flux/diagnostics.hpp"
#include "squall/flux/topology_document.hpp"
#include "squall/flux/yaml_values.hpp"

namespace squall {

/// Every problem goes to the Diagnostics given at construction, with its file:line:column.
class ComponentSettingsReader {
 public:
  explicit ComponentSettingsReader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  /// Reads `components:` (Flux: `value:`, `org.apache.storm.tuple.Fields` constructorArgs, or
  /// config/properties maps), so that later `ref: id` resolve to them.
  void read_component_values(const std::vector<yaml::Entry>& components);

  /// A `components:` entry of Storm's BaseWindowedBolt$Count ({"count": N}) or $Duration
  /// ({"duration_ms": N}); nullopt for another class. Malformed arguments are a diagnostic.
  std::optional<nlohmann::json> window_extent(const YAML::Node& n, const yaml::Entry& e);
  /// The node as JSON, with `{ref: id}` replaced by the value of component `id`. `located`
  /// positions a diagnostic when `node` was built by the caller (it has no position of its own).
  nlohmann::json json_with_refs(const YAML::Node& node, const yaml::Entry& e, const YAML::Node& located = {});

  /// Builds the settings of a component (or custom grouping) from a YAML map that may hold
  /// constructorArgs, properties, configMethods and config. Topology settings found in `config`
  /// go to `component_config` (when not null). Returns nullptr after reporting problems.
  std::shared_ptr<ComponentSettings> build_settings(const ComponentInfo& info, const YAML::Node& n,
                                                    const yaml::Entry& e, Config* component_config);

 private:
  /// The setting a Flux config method names: `key`, `withKey` or `setKey`, case and punctuation
  /// ignored; empty when none.
  static std::string setting_for_method(const ComponentInfo& info, std::string_view method);
  SourceLocation at(const YAML::Node& node, const yaml::Entry& e) const { return yaml::location_of(node, e.file); }

  Diagnostics& diagnostics_;
  std::map<std::string, nlohmann::json, std::less<>> component_values_;
};

}  // namespace squall
