// LoadedTopology::describe(): the resolved topology as a tree, for `squall validate`.

#include <fmt/format.h>

#include "squall/flux/topology_loader.hpp"

namespace squall {

std::string LoadedTopology::describe() const {
  std::string out = fmt::format("topology '{}'\n", name);
  if (!config.entries().empty()) {
    out += "├─ config\n";
    for (const auto& [key, value] : config.entries()) out += fmt::format("│    {} = {}\n", key, value.to_string());
  }
  for (const auto& p : plugins) out += fmt::format("├─ plugin {}\n", p);
  const auto& all = topology.components();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const ComponentDef& c = all[i];
    bool last = i + 1 == all.size();
    std::string_view branch = last ? "└─ " : "├─ ";
    std::string_view indent = last ? "     " : "│    ";
    out += fmt::format("{}{} '{}'  {}  parallelism {}, tasks {}\n", branch,
                       c.kind == ComponentDef::Kind::spout ? "spout" : "bolt", c.id, c.class_name, c.parallelism, c.num_tasks);
    for (const auto& in : c.inputs) {
      out += fmt::format("{}← {}/{}  {}{}\n", indent, in.source, in.stream, grouping_type_name(in.grouping.type),
                         in.grouping.fields.empty() ? std::string() : " " + in.grouping.fields.to_string());
    }
    for (const auto& [stream, decl] : c.outputs)
      out += fmt::format("{}→ {} {}{}\n", indent, stream, decl.fields.to_string(), decl.direct ? " (direct)" : "");
    for (const auto& [key, value] : c.config.entries()) out += fmt::format("{}  {} = {}\n", indent, key, value.to_string());
  }
  return out;
}

}  // namespace squall
