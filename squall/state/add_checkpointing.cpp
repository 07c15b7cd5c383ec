#include "squall/state/add_checkpointing.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/errors.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/state/checkpoint_spout.hpp"
#include "squall/state/checkpointing_bolt.hpp"

namespace squall::state {

bool has_stateful_bolts(const Topology& topology) noexcept {
  return std::any_of(topology.components().begin(), topology.components().end(),
                     [](const ComponentDef& c) { return c.stateful; });
}

bool has_exactly_once_state(const Topology& topology) noexcept {
  return has_stateful_bolts(topology) &&
         std::all_of(topology.components().begin(), topology.components().end(), [](const ComponentDef& c) {
           return c.kind != ComponentDef::Kind::spout || c.replayable || c.id == kCheckpointComponent;
         });
}

std::string state_guarantee(const Topology& topology) {
  if (!has_stateful_bolts(topology)) return {};
  std::vector<std::string> rewinding, not_rewinding;
  for (const auto& c : topology.components())
    if (c.kind == ComponentDef::Kind::spout && c.id != kCheckpointComponent)
      (c.replayable ? rewinding : not_rewinding).push_back(c.id);
  if (not_rewinding.empty())
    return fmt::format("state is exactly-once: spouts {} rewind to each checkpoint after a failure",
                       fmt::join(rewinding, ", "));
  return fmt::format("state is at-least-once: spouts {} cannot rewind (not ReplayableSpout), so after a failure "
                     "their replayed tuples may count twice in the state",
                     fmt::join(not_rewinding, ", "));
}

Topology add_checkpointing(Topology topology) {
  if (!has_stateful_bolts(topology)) return topology;
  if (topology.find(kCheckpointComponent))
    throw TopologyError(fmt::format("component id '{}' is the checkpoint spout's, which a topology with stateful "
                                    "bolts gets: rename the component",
                                    kCheckpointComponent));
  const bool exactly_once = has_exactly_once_state(topology);
  const StreamDeclaration checkpoint_stream{{"txid", "action"}, false};
  const Subscription from_checkpoint_spout{std::string(kCheckpointComponent), std::string(kCheckpointStream),
                                           Grouping::all()};
  std::vector<ComponentDef> components = topology.components();
  for (auto& c : components) {
    if (c.kind == ComponentDef::Kind::spout) {
      if (!exactly_once) continue;
      c.inputs.push_back(from_checkpoint_spout);  // sent on in line with its tuples (SpoutCheckpointer)
      c.outputs[std::string(kCheckpointStream)] = checkpoint_stream;
      continue;
    }
    std::vector<std::string> sources;
    for (const auto& in : c.inputs) {
      const ComponentDef* source = topology.find(in.source);
      bool direct = !exactly_once && source && source->kind == ComponentDef::Kind::spout;
      std::string from = direct ? std::string(kCheckpointComponent) : in.source;
      if (std::find(sources.begin(), sources.end(), from) == sources.end()) sources.push_back(std::move(from));
    }
    for (const auto& from : sources) c.inputs.push_back(Subscription{from, std::string(kCheckpointStream), Grouping::all()});
    c.outputs[std::string(kCheckpointStream)] = checkpoint_stream;
    c.bolt_factory = [make = std::move(c.bolt_factory), sources, exactly_once]() -> std::unique_ptr<Bolt> {
      return std::make_unique<CheckpointingBolt>(make(), sources, exactly_once);
    };
  }
  ComponentDef spout;
  spout.id = std::string(kCheckpointComponent);
  spout.kind = ComponentDef::Kind::spout;
  spout.spout_factory = [exactly_once] { return std::make_unique<CheckpointSpout>(exactly_once); };
  spout.outputs[std::string(kCheckpointStream)] = checkpoint_stream;
  components.push_back(std::move(spout));
  return Topology(std::move(components));
}

}  // namespace squall::state
