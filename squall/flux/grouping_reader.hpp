#pragma once
// A stream's `grouping:` in a Flux topology file (type, args, customClass) as a Grouping, each
// problem reported at its file:line:column.

#include <optional>

#include "squall/api/grouping.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/flux/component_settings_reader.hpp"
#include "squall/flux/diagnostics.hpp"
#include "squall/flux/topology_document.hpp"

namespace squall {

class GroupingReader {
 public:
  GroupingReader(ComponentRegistry& registry, ComponentSettingsReader& settings, Diagnostics& diagnostics)
      : registry_(registry), settings_(settings), diagnostics_(diagnostics) {}

  /// The grouping of map `g` (stream entry `e`): Flux's types SHUFFLE, FIELDS, ALL, GLOBAL, NONE,
  /// DIRECT, LOCAL_OR_SHUFFLE, PARTIAL_KEY and CUSTOM (a grouping class registered by a plugin,
  /// with its settings). std::nullopt, with diagnostics added, when it is not one.
  std::optional<Grouping> read(const YAML::Node& g, const yaml::Entry& e);

 private:
  ComponentRegistry& registry_;
  ComponentSettingsReader& settings_;
  Diagnostics& diagnostics_;
};

}  // namespace squall
