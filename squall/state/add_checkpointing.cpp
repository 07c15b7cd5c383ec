#include "squall/state/add_checkpointing.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/state/checkpoint_spout.hpp"
#include "squall/state/checkpointing_bolt.hpp"

namespace squall::state {

bool has_stateful_bolts(const Topology& topology) noexcept {
  return std::any_of(topology.components().begin(), topology.components().end(),
                     [](const ComponentDef& c) { return c.stateful; });
}

Topology add_checkpointing(Topology topology) {
  if (!has_stateful_bolts(topology)) return topology;
  if (topology.find(kCheckpointComponent))
    throw TopologyError(fmt::format("component id '{}' is the checkpoint spout's, which a topology with stateful "
                                    "bolts gets: rename the component",
                                    kCheckpointComponent));
  const StreamDeclaration checkpoint_stream{{"txid", "action"}, false};
  std::vector<ComponentDef> components = topology.components();
  for (auto& c : components) {
    if (c.kind != ComponentDef::Kind::bolt) continue;
    std::vector<std::string> sources;
    for (const auto& in : c.inputs) {
      const ComponentDef* source = topology.find(in.source);
      std::string from = source && source->kind == ComponentDef::Kind::spout ? std::string(kCheckpointComponent)
                                                                               : in.source;
      if (std::find(sources.begin(), sources.end(), from) == sources.end()) sources.push_back(std::move(from));
    }
    for (const auto& from : sources) c.inputs.push_back(Subscription{from, std::string(kCheckpointStream), Grouping::all()});
    c.outputs[std::string(kCheckpointStream)] = checkpoint_stream;
    c.bolt_factory = [make = std::move(c.bolt_factory), sources]() -> std::unique_ptr<Bolt> {
      return std::make_unique<CheckpointingBolt>(make(), sources);
    };
  }
  ComponentDef spout;
  spout.id = std::string(kCheckpointComponent);
  spout.kind = ComponentDef::Kind::spout;
  spout.spout_factory = [] { return std::make_unique<CheckpointSpout>(); };
  spout.outputs[std::string(kCheckpointStream)] = checkpoint_stream;
  components.push_back(std::move(spout));
  return Topology(std::move(components));
}

}  // namespace squall::state
