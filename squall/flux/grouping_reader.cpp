#include "squall/flux/grouping_reader.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "squall/flux/yaml_values.hpp"

namespace squall {

std::optional<Grouping> GroupingReader::read(const YAML::Node& g, const yaml::Entry& e) {
  auto at = [](const YAML::Node& node, const yaml::Entry& entry) { return yaml::location_of(node, entry.file); };
  auto type_node = g["type"];
  if (!type_node || !type_node.IsScalar()) {
    diagnostics_.add(at(g, e), "a grouping needs a 'type'",
                     "one of SHUFFLE, FIELDS, ALL, GLOBAL, NONE, DIRECT, LOCAL_OR_SHUFFLE, PARTIAL_KEY, CUSTOM");
    return std::nullopt;
  }
  std::string type = type_node.Scalar();
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char ch) { return std::toupper(ch); });
  using T = Grouping::Type;
  auto known = grouping_type_from_name(type);
  if (!known) {
    diagnostics_.add(at(type_node, e), fmt::format("unknown grouping type '{}'", type_node.Scalar()),
                     "one of SHUFFLE, FIELDS, ALL, GLOBAL, NONE, DIRECT, LOCAL_OR_SHUFFLE, PARTIAL_KEY, CUSTOM");
    return std::nullopt;
  }
  Grouping grouping;
  grouping.type = *known;
  if (grouping.type == T::fields || grouping.type == T::partial_key) {
    auto args = g["args"];
    nlohmann::json fields = args ? settings_.json_with_refs(args, e) : nlohmann::json();
    if (!fields.is_array() || fields.empty() || !std::all_of(fields.begin(), fields.end(), [](auto& f) { return f.is_string(); })) {
      diagnostics_.add(args ? at(args, e) : at(type_node, e), fmt::format("a {} grouping needs key fields in 'args'", type),
                       "write args: [field1, field2]");
      return std::nullopt;
    }
    grouping.fields = Fields(fields.get<std::vector<std::string>>());
  }
  if (grouping.type == T::custom) {
    auto custom = g["customClass"];
    if (!custom) {
      diagnostics_.add(at(type_node, e), "a CUSTOM grouping needs a 'customClass'",
                       "write customClass: {className: NAME}  (a grouping registered by a plugin)");
      return std::nullopt;
    }
    YAML::Node class_node = custom.IsMap() ? custom["className"] : custom;
    std::string class_name = class_node && class_node.IsScalar() ? class_node.Scalar() : std::string();
    const ComponentInfo* info = registry_.find(class_name);
    if (!info || info->kind != ComponentKind::grouping) {
      std::string suggestion = registry_.closest(class_name, ComponentKind::grouping);
      diagnostics_.add(at(class_node ? class_node : custom, e), fmt::format("unknown grouping class '{}'", class_name),
                       suggestion.empty() ? "register it with registry.add_grouping<T>() in a plugin"
                                          : fmt::format("did you mean '{}'?", suggestion));
      return std::nullopt;
    }
    auto settings = settings_.build_settings(*info, custom.IsMap() ? custom : YAML::Node(YAML::NodeType::Map), e, nullptr);
    if (!settings) return std::nullopt;
    grouping.custom = [info, settings] { return info->make_grouping(*settings); };
    grouping.custom_class = info->class_name;
    grouping.custom_settings = settings;
  }
  return grouping;
}

}  // namespace squall
