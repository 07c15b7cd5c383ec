#include "squall/web/topology_graph.hpp"

#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/web/storm_rest.hpp"

namespace squall::web {
namespace {

/// "fields(word)": Flux's name in lower case, with the key fields or the custom class.
std::string grouping_label(std::string_view flux_name, const std::vector<std::string>& fields, const std::string& custom_class) {
  std::string label;
  for (char c : flux_name) label += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!fields.empty()) label += fmt::format("({})", fmt::join(fields, ","));
  else if (!custom_class.empty()) label += "(" + custom_class + ")";
  return label;
}

}  // namespace

TopologyGraph graph_of(const Topology& topology) {
  TopologyGraph graph;
  for (const auto& c : topology.components()) {
    GraphComponent node{c.id, c.kind == ComponentDef::Kind::spout ? "spout" : "bolt", c.parallelism, {}};
    for (const auto& in : c.inputs)
      node.inputs.push_back({in.source, in.stream,
                             grouping_label(grouping_type_name(in.grouping.type), in.grouping.fields.names(), in.grouping.custom_class)});
    graph.push_back(std::move(node));
  }
  return graph;
}

TopologyGraph graph_of_document(const nlohmann::json& document) {
  TopologyGraph graph;
  for (const auto& c : document.at("components")) {
    GraphComponent node{c.at("id").get<std::string>(), c.at("kind").get<std::string>(), c.value("parallelism", 1), {}};
    for (const auto& in : c.value("inputs", nlohmann::json::array())) {
      const auto& g = in.at("grouping");
      node.inputs.push_back({in.at("source").get<std::string>(), in.at("stream").get<std::string>(),
                             grouping_label(g.at("type").get<std::string>(), g.value("fields", std::vector<std::string>{}),
                                            g.value("customClass", std::string()))});
    }
    graph.push_back(std::move(node));
  }
  return graph;
}

nlohmann::json storm_visualization(const TopologyGraph& graph, const MetricsSnapshot& metrics) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& c : graph) {
    nlohmann::json node = {{":type", c.kind}, {":parallelism", c.parallelism}, {":inputs", nlohmann::json::array()}};
    if (const TaskStats* s = metrics.component(c.id)) {
      node[":emitted"] = s->emitted;
      node[":transferred"] = s->transferred;
      node[":capacity"] = c.kind == "bolt" ? capacity_of(metrics, *s) : 0.0;
      node[":latency"] = fmt::format("{:.3f}", c.kind == "bolt" ? s->execute_latency_mean_us / 1000.0 : s->complete_latency_mean_ms);
    }
    for (const auto& in : c.inputs)
      node[":inputs"].push_back(
          {{":component", in.source}, {":stream", in.stream}, {":sani-stream", in.stream}, {":grouping", in.grouping}});
    out[c.id] = std::move(node);
  }
  return out;
}

}  // namespace squall::web
