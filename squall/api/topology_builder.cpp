#include "squall/api/topology_builder.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/errors.hpp"
#include "squall/api/state/replayable_spout.hpp"
#include "squall/api/state/stateful_bolt.hpp"

namespace squall {

Config effective_config(const Config& topology_config, const ComponentDef& component) {
  return topology_config.merged_with(component.declared_config).merged_with(component.config);
}

const ComponentDef* Topology::find(std::string_view id) const noexcept {
  for (const auto& c : components_)
    if (c.id == id) return &c;
  return nullptr;
}

BoltDeclarer& BoltDeclarer::grouping(std::string_view source, std::string_view stream, Grouping grouping) {
  def_.inputs.push_back(Subscription{std::string(source), std::string(stream), std::move(grouping)});
  return *this;
}

ComponentDef& TopologyBuilder::add(std::string_view id, ComponentDef::Kind kind, int parallelism) {
  ComponentDef& def = components_.emplace_back();
  def.id = std::string(id);
  def.kind = kind;
  def.parallelism = parallelism;
  def.num_tasks = parallelism;
  return def;
}

SpoutDeclarer TopologyBuilder::set_spout(std::string_view id, SpoutFactory factory, int parallelism) {
  ComponentDef& def = add(id, ComponentDef::Kind::spout, parallelism);
  def.spout_factory = std::move(factory);
  return SpoutDeclarer(def);
}

BoltDeclarer TopologyBuilder::set_bolt(std::string_view id, BoltFactory factory, int parallelism) {
  ComponentDef& def = add(id, ComponentDef::Kind::bolt, parallelism);
  def.bolt_factory = std::move(factory);
  return BoltDeclarer(def);
}

namespace {

// Makes one instance to ask for its output streams (unless given) and its own configuration.
void learn_from_instance(ComponentDef& def) {
  OutputFieldsDeclarer declarer;
  if (def.kind == ComponentDef::Kind::spout) {
    auto spout = def.spout_factory();
    spout->declare_output_fields(declarer);
    def.replayable = dynamic_cast<const ReplayableSpout*>(spout.get()) != nullptr;
  } else {
    auto bolt = def.bolt_factory();
    bolt->declare_output_fields(declarer);
    def.declared_config = bolt->component_configuration();
    def.stateful = stateful_part(bolt.get()) != nullptr;
  }
  if (!def.outputs_given) def.outputs = declarer.streams();
}

void check_subscription(const ComponentDef& bolt, const Subscription& in, const std::vector<ComponentDef>& all,
                        std::vector<std::string>& errors) {
  const ComponentDef* source = nullptr;
  for (const auto& c : all)
    if (c.id == in.source) source = &c;
  if (!source) {
    errors.push_back(fmt::format("bolt '{}' subscribes to unknown component '{}'", bolt.id, in.source));
    return;
  }
  auto stream = source->outputs.find(in.stream);
  if (stream == source->outputs.end()) {
    std::vector<std::string> names;
    for (const auto& [name, _] : source->outputs) names.push_back(name);
    errors.push_back(fmt::format("bolt '{}' subscribes to stream '{}' of '{}', which declares only [{}]", bolt.id,
                                 in.stream, in.source, fmt::join(names, ", ")));
    return;
  }
  const auto& decl = stream->second;
  using T = Grouping::Type;
  if ((in.grouping.type == T::direct) != decl.direct)
    errors.push_back(fmt::format("bolt '{}' uses a {} grouping on stream '{}' of '{}', which is {}declared direct",
                                 bolt.id, grouping_type_name(in.grouping.type), in.stream, in.source,
                                 decl.direct ? "" : "not "));
  if (in.grouping.type == T::fields || in.grouping.type == T::partial_key) {
    if (in.grouping.fields.empty())
      errors.push_back(fmt::format("bolt '{}': {} grouping on '{}' names no key fields", bolt.id,
                                   grouping_type_name(in.grouping.type), in.source));
    for (const auto& f : in.grouping.fields)
      if (!decl.fields.contains(f))
        errors.push_back(fmt::format("bolt '{}': {} grouping on field '{}', but stream '{}' of '{}' declares {}",
                                     bolt.id, grouping_type_name(in.grouping.type), f, in.stream, in.source,
                                     decl.fields.to_string()));
  }
  if (in.grouping.type == T::custom && !in.grouping.custom)
    errors.push_back(fmt::format("bolt '{}': CUSTOM grouping on '{}' without a grouping class", bolt.id, in.source));
}

}  // namespace

Topology TopologyBuilder::create_topology() const {
  std::vector<std::string> errors;
  std::vector<ComponentDef> all(components_.begin(), components_.end());
  for (std::size_t i = 0; i < all.size(); ++i) {
    auto& c = all[i];
    if (c.id.empty()) errors.push_back("a component has an empty id");
    if (c.id.starts_with("__")) errors.push_back(fmt::format("component id '{}': ids starting with __ are reserved", c.id));
    for (std::size_t j = 0; j < i; ++j)
      if (all[j].id == c.id) errors.push_back(fmt::format("component id '{}' is used twice", c.id));
    if (c.parallelism < 1) errors.push_back(fmt::format("component '{}': parallelism {} must be at least 1", c.id, c.parallelism));
    if (c.num_tasks < 1) errors.push_back(fmt::format("component '{}': numTasks {} must be at least 1", c.id, c.num_tasks));
    if (c.kind == ComponentDef::Kind::bolt && c.inputs.empty())
      errors.push_back(fmt::format("bolt '{}' has no input: subscribe it to a spout or bolt", c.id));
    bool has_factory = c.kind == ComponentDef::Kind::spout ? bool(c.spout_factory) : bool(c.bolt_factory);
    if (!has_factory) {
      errors.push_back(fmt::format("component '{}' has no factory", c.id));
      continue;
    }
    try {
      learn_from_instance(c);
    } catch (const std::exception& e) {
      errors.push_back(fmt::format("component '{}' failed to declare its outputs: {}", c.id, e.what()));
    }
  }
  for (const auto& c : all)
    for (const auto& in : c.inputs) check_subscription(c, in, all, errors);
  if (!errors.empty()) throw TopologyError(fmt::format("invalid topology:\n  - {}", fmt::join(errors, "\n  - ")));
  return Topology(std::move(all));
}

}  // namespace squall
