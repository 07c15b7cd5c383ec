#include "squall/flux/yaml_values.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"

namespace squall::yaml {

SourceLocation location_of(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

namespace {

nlohmann::json plain_scalar(const std::string& s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);
  std::int64_t i = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
  if (ec == std::errc() && end == digits.data() + digits.size()) return i;
  if (s == ".inf" || s == "+.inf" || s == ".Inf") return std::numeric_limits<double>::infinity();
  if (s == "-.inf" || s == "-.Inf") return -std::numeric_limits<double>::infinity();
  if (s == ".nan" || s == ".NaN") return std::numeric_limits<double>::quiet_NaN();
  double d = 0;
  auto [dend, dec] = std::from_chars(digits.data(), digits.data() + digits.size(), d);
  if (dec == std::errc() && dend == digits.data() + digits.size()) return d;
  return s;
}

}  // namespace

nlohmann::json to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: return nullptr;
    case YAML::NodeType::Scalar:
      if (node.Tag() == "!") return node.Scalar();  // quoted: always text
      return plain_scalar(node.Scalar());
    case YAML::NodeType::Sequence: {
      auto out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(to_json(item));
      return out;
    }
    case YAML::NodeType::Map: {
      auto out = nlohmann::json::object();
      for (const auto& entry : node) out[entry.first.Scalar()] = to_json(entry.second);
      return out;
    }
  }
  return nullptr;
}

std::optional<YamlBoundsProblem> check_yaml_bounds(const YAML::Node& root) {
  std::vector<std::pair<YAML::Node, int>> todo{{root, 1}};
  std::size_t visited = 0;
  while (!todo.empty()) {
    auto [node, depth] = std::move(todo.back());
    todo.pop_back();
    if (++visited > limits::kYamlExpandedNodes)
      return YamlBoundsProblem{node, fmt::format("the document has more than {} nodes once its aliases are expanded "
                                                 "(an alias chain that multiplies)", limits::kYamlExpandedNodes)};
    if (depth > limits::kYamlDepth)
      return YamlBoundsProblem{node, fmt::format("nesting deeper than {} levels (or an alias that contains itself)",
                                                 limits::kYamlDepth)};
    if (node.IsSequence()) {
      for (const auto& item : node) todo.emplace_back(item, depth + 1);
    } else if (node.IsMap()) {
      for (const auto& entry : node) {
        todo.emplace_back(entry.first, depth + 1);
        todo.emplace_back(entry.second, depth + 1);
      }
    }
  }
  return std::nullopt;
}

std::string node_kind(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar: return "a scalar";
    default: return "nothing";
  }
}

}  // namespace squall::yaml
