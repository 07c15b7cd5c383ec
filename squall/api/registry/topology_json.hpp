#pragma once
// A topology as data: the resolved topology (components by className with their settings,
// streams, groupings, config and the plugins it needs) written as one JSON document, from which
// another process (an exec'd worker, later a supervisor on another host) makes the same topology
// again. Storm does the same with its serialized StormTopology and topology conf, uploaded to
// Nimbus by `storm jar` (Storm's docs: Understanding-the-parallelism-of-a-Storm-topology.md and
// storm-client's StormSubmitter).
//
//   nlohmann::json doc = topology_to_json({name, config, topology});
//   SubmittedTopology again = topology_from_json(doc);   // in the worker process
//
// The document (format "squall.topology/1"):
//   {"format": "squall.topology/1", "name": "...", "config": {key: value, ...},
//    "plugins": ["/abs/libx.so"],
//    "components": [{"id", "kind": "spout"|"bolt", "className", "settings": {...},
//                    "parallelism", "tasks", "config": {...},
//                    "outputs": {stream: {"fields": [...], "direct": bool}},
//                    "inputs": [{"source", "stream", "grouping": {"type": "FIELDS", "fields": [...],
//                                "customClass", "settings"}}]}]}
// Config values are JSON scalars; bytes are {"$bytes": "<hex>"}, and non-finite doubles
// {"$double": "nan"|"inf"|"-inf"}, so that every Value survives the round trip.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/errors.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/api/topology.hpp"

namespace squall {

/// The format tag a document carries and a reader checks.
inline constexpr std::string_view kTopologyDocumentFormat = "squall.topology/1";

/// A named topology with its config: what a cluster runs.
struct SubmittedTopology {
  std::string name;
  Config config;
  Topology topology;
};

/// A document cannot be written (a component made by a C++ factory) or read (malformed, an
/// unknown className, a plugin that does not load, settings the schema refuses). The message
/// names the component and the JSON path of the problem.
class TopologyDocumentError : public Error {
 public:
  using Error::Error;
};

/// Empty when every component and custom grouping of `topology` was made from the registry by
/// className (a topology file's, or ComponentDeclarer::set_class), so that topology_to_json can
/// write it; otherwise why not ("component 'count' is made by a C++ factory, not a className").
std::string why_not_serializable(const Topology& topology);

/// The document of `submitted`. Plugins are those that registered the classNames it uses
/// (looked up in `registry`). Throws TopologyDocumentError with why_not_serializable's reason.
nlohmann::json topology_to_json(const SubmittedTopology& submitted,
                                const ComponentRegistry& registry = ComponentRegistry::global());

/// Makes the topology of a document again: loads its plugins into `registry`, checks each
/// component's settings against its class's schema and builds it with TopologyBuilder (which
/// checks the whole topology again). Throws TopologyDocumentError for any problem, PluginError for
/// a plugin that does not load.
SubmittedTopology topology_from_json(const nlohmann::json& document,
                                     ComponentRegistry& registry = ComponentRegistry::global());

/// A config value as JSON and back (the encoding above). value_from_document throws
/// TopologyDocumentError for a list, a map other than the two tagged forms, or a bad tag.
nlohmann::json value_to_document(const Value& value);
Value value_from_document(const nlohmann::json& json);

}  // namespace squall
