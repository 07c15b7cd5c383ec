#pragma once
// Reading yaml-cpp nodes: positions and JSON-like values with YAML 1.2 core-schema scalars.

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>

#include "topology/yaml/diagnostics.hpp"

namespace squall::yaml {

/// The 1-based position of `node` in `file`.
SourceLocation location_of(const YAML::Node& node, const std::string& file);

/// The node as JSON. A plain scalar becomes null (~, null, empty), a bool (true/false), an
/// integer, a double (including .inf and .nan) or a string; a quoted scalar is always a string.
nlohmann::json to_json(const YAML::Node& node);

/// "a scalar", "a list" or "a map": for messages.
std::string node_kind(const YAML::Node& node);

}  // namespace squall::yaml
