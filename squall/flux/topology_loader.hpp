#pragma once
// Topologies from YAML files in Storm Flux's schema (docs/yaml.md), validated as a whole before
// anything runs.
//
//   squall::LoadedTopology t = squall::load_topology_file("topologies/word_count.yaml");
//   squall::LocalCluster cluster;
//   cluster.submit_topology(t.name, t.config, t.topology);

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/api/topology.hpp"
#include "squall/flux/diagnostics.hpp"
#include "squall/flux/substitution.hpp"

namespace squall {

/// How to read a topology file.
struct LoadOptions {
  /// `${key}` values (--filter FILE.properties) and whether `${ENV-NAME}` may read the
  /// environment (--env-filter).
  SubstitutionSource substitution;
  /// Topology config put over the file's `config:` (-c key=value).
  std::vector<std::pair<std::string, Value>> config_overrides;
  /// Plugins to load before the file's own `plugins:` (--plugin).
  std::vector<std::string> plugins;
  /// Where classNames resolve; nullptr means ComponentRegistry::global().
  ComponentRegistry* registry = nullptr;
};

/// A topology read from a file, ready for LocalCluster::submit_topology.
struct LoadedTopology {
  std::string name;
  Config config;
  Topology topology;
  /// Plugins that were loaded, as absolute paths.
  std::vector<std::string> plugins;

  /// The resolved topology as a readable tree: config, components with class, parallelism and
  /// tasks, their output streams, and each subscription with its grouping.
  std::string describe() const;
};

/// Reads, substitutes, merges includes, loads plugins and validates `path`. Throws
/// TopologyFileError listing every problem with file:line:column and a hint (bad YAML syntax,
/// unknown className with the closest registered name, unknown component or stream, a grouping on
/// an undeclared field, unknown, missing or mistyped settings, duplicate ids, a bolt with no input,
/// parallelism < 1, unresolved `${...}`, include cycles, bad plugins).
LoadedTopology load_topology_file(const std::filesystem::path& path, const LoadOptions& options = {});

/// The same for YAML text. `display_name` appears in positions; includes and plugins resolve
/// relative to `base_dir`.
LoadedTopology load_topology_yaml(std::string_view yaml, const std::string& display_name = "<yaml>",
                                  const LoadOptions& options = {},
                                  const std::filesystem::path& base_dir = std::filesystem::current_path());

/// A `-c key=value` value read as a YAML scalar: 3 → int, 0.5 → double, true → bool, else text.
Value parse_config_value(std::string_view text);

}  // namespace squall
