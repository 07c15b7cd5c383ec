#include "squall/web/topology_graph.hpp"

#include <fmt/format.h>

#include "squall/web/storm_rest.hpp"

namespace squall::web {
namespace {

std::string grouping_name(const Grouping& g) {
  using T = Grouping::Type;
  switch (g.type) {
    case T::shuffle: return "shuffle";
    case T::fields: return fmt::format("fields({})", fmt::join(g.fields.names(), ","));
    case T::all: return "all";
    case T::global: return "global";
    case T::none: return "none";
    case T::direct: return "direct";
    case T::local_or_shuffle: return "localOrShuffle";
    case T::partial_key: return fmt::format("partialKey({})", fmt::join(g.fields.names(), ","));
    case T::custom: return g.custom_class.empty() ? "custom" : "custom(" + g.custom_class + ")";
  }
  return "?";
}

}  // namespace

TopologyGraph graph_of(const Topology& topology) {
  TopologyGraph graph;
  for (const auto& c : topology.components()) {
    GraphComponent node{c.id, c.kind == ComponentDef::Kind::spout ? "spout" : "bolt", c.parallelism, {}};
    for (const auto& in : c.inputs) node.inputs.push_back({in.source, in.stream, grouping_name(in.grouping)});
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
