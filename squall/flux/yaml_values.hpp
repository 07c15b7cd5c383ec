#pragma once
// Reading yaml-cpp nodes: positions and JSON-like values with YAML 1.2 core-schema scalars.

#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "squall/flux/diagnostics.hpp"

namespace squall::yaml {

/// The 1-based position of `node` in `file`.
SourceLocation location_of(const YAML::Node& node, const std::string& file);

/// The node as JSON. A plain scalar becomes null (~, null, empty), a bool (true/false), an
/// integer, a double (including .inf and .nan) or a string; a quoted scalar is always a string.
nlohmann::json to_json(const YAML::Node& node);

/// Where and why a document breaks the input limits (squall/api/detail/input_limits.hpp).
struct YamlBoundsProblem {
  YAML::Node node;      ///< the node where the limit was passed
  std::string message;  ///< which limit, with its value
};

/// Walks `root` without recursion, following aliases, and returns the first problem: nesting
/// deeper than limits::kYamlDepth (a recursive alias such as `&c {self: *c}` is infinitely deep)
/// or more than limits::kYamlExpandedNodes nodes with aliases expanded (a "billion laughs"
/// chain). Every later walk of an accepted document is then bounded.
std::optional<YamlBoundsProblem> check_yaml_bounds(const YAML::Node& root);

/// "a scalar", "a list" or "a map": for messages.
std::string node_kind(const YAML::Node& node);

}  // namespace squall::yaml
