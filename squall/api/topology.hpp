#pragma once
// A validated topology: components, their declared streams and their subscriptions.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/config.hpp"
#include "squall/api/grouping.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout.hpp"

namespace squall {

class ComponentSettings;

/// Makes one task instance. Called once per task, on the thread that will run it.
using SpoutFactory = std::function<std::unique_ptr<Spout>()>;
using BoltFactory = std::function<std::unique_ptr<Bolt>()>;

/// A bolt's input: tuples of `stream` from `source`, partitioned by `grouping`.
struct Subscription {
  std::string source;
  std::string stream;
  Grouping grouping;
};

/// One spout or bolt of a topology.
struct ComponentDef {
  enum class Kind { spout, bolt };
  std::string id;
  Kind kind = Kind::bolt;
  /// The registered className the component is made from (a topology file's, or
  /// ComponentDeclarer::set_class); empty for a C++ factory.
  std::string class_name;
  /// The validated settings the registry's factory makes it with; null for a C++ factory. With
  /// class_name, what lets another process make the component again (topology_json.hpp).
  std::shared_ptr<const ComponentSettings> settings;
  SpoutFactory spout_factory;
  BoltFactory bolt_factory;
  int parallelism = 1;  ///< executors (threads)
  int num_tasks = 1;    ///< task instances, spread over the executors
  Config config;        ///< overrides the topology config for this component
  /// The bolt's own component_configuration(), learnt by create_topology; `config` goes over it.
  Config declared_config;
  std::vector<Subscription> inputs;
  /// A StatefulBolt (learnt by create_topology): the runtime adds checkpointing (docs/state.md).
  bool stateful = false;
  /// A ReplayableSpout (learnt by create_topology): its position is checkpointed (docs/state.md).
  bool replayable = false;
  std::map<std::string, StreamDeclaration, std::less<>> outputs;
  /// True when `outputs` were given (set_output_streams) rather than asked of the component.
  bool outputs_given = false;
};

/// The config a task of `component` sees, in Storm's order: the topology config, then the
/// component's own component_configuration(), then the topology's settings for the component.
Config effective_config(const Config& topology_config, const ComponentDef& component);

/// What TopologyBuilder::create_topology returns and a cluster runs. Components keep declaration
/// order: spouts and bolts as they were set.
class Topology {
 public:
  Topology() = default;
  explicit Topology(std::vector<ComponentDef> components) : components_(std::move(components)) {}
  const std::vector<ComponentDef>& components() const noexcept { return components_; }
  /// The component `id`, or nullptr.
  const ComponentDef* find(std::string_view id) const noexcept;

 private:
  std::vector<ComponentDef> components_;
};

}  // namespace squall
