#pragma once
// A topology's shape for the UI: its spouts and bolts and the streams between them.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/api/topology.hpp"
#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::web {

/// One component and what it subscribes to.
struct GraphComponent {
  struct Input {
    std::string source, stream;
    std::string grouping;  ///< Flux's name in lower case, with key fields: "shuffle", "fields(word)", "local_or_shuffle", ...
  };
  std::string id;
  std::string kind;  ///< "spout" or "bolt"
  int parallelism = 1;
  std::vector<Input> inputs;
};

using TopologyGraph = std::vector<GraphComponent>;

/// The graph of `topology`, components in declaration order.
TopologyGraph graph_of(const Topology& topology);
/// The graph of a topology document (topology_json.hpp, what a cluster runs), read without making
/// its components. Throws nlohmann::json::exception for a document without its components.
TopologyGraph graph_of_document(const nlohmann::json& document);

/// /api/v1/topology/:id/visualization, Storm UI's shape: {component id: {":type", ":capacity",
/// ":latency", ":transferred", ":inputs": [{":component", ":stream", ":sani-stream", ":grouping"}]}}
/// with the metrics of `metrics` (latency in ms as a string, capacity as in storm_topology), plus
/// ":parallelism" and ":emitted" for squall's page.
nlohmann::json storm_visualization(const TopologyGraph& graph, const MetricsSnapshot& metrics);

}  // namespace squall::web
