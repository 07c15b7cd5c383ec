// Turns a merged TopologyDocument into a Topology: resolves classNames, builds and checks each
// component's settings, streams and groupings, and reports every problem with its position.

#include <algorithm>
#include <deque>
#include <filesystem>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/registry/plugin.hpp"
#include "squall/api/topology_builder.hpp"
#include "squall/flux/component_settings_reader.hpp"
#include "squall/flux/grouping_reader.hpp"
#include "squall/flux/topology_config.hpp"
#include "squall/flux/topology_document.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/flux/yaml_values.hpp"
#include "squall/windowing/window_validation.hpp"

namespace squall {

namespace {

using yaml::Entry;
using yaml::location_of;
using yaml::to_json;
using Streams = std::map<std::string, StreamDeclaration, std::less<>>;

constexpr std::string_view kComponentKeys[] = {"id", "className", "parallelism", "numTasks", "constructorArgs",
                                               "properties", "configMethods", "config", "outputs", "chain"};
constexpr std::string_view kStreamKeys[] = {"name", "from", "to", "grouping", "streamId"};
constexpr std::string_view kGroupingKeys[] = {"type", "args", "customClass", "streamId"};

template <std::size_t N>
std::string unknown_key_hint(const std::string_view (&valid)[N]) {
  return fmt::format("valid keys: {}", fmt::join(valid, ", "));
}

template <std::size_t N>
bool is_one_of(std::string_view key, const std::string_view (&valid)[N]) {
  return std::find(std::begin(valid), std::end(valid), key) != std::end(valid);
}

struct ResolvedComponent {
  const Entry* entry = nullptr;
  const ComponentInfo* info = nullptr;
  ComponentKind kind = ComponentKind::bolt;
  std::string id;
  std::shared_ptr<const ComponentSettings> settings;
  Config config;
  int parallelism = 1;
  std::optional<int> num_tasks;
  std::optional<Streams> outputs;  // known when the component resolved (or the file declares them)
  std::vector<Subscription> inputs;
};

class Resolver {
 public:
  Resolver(const yaml::TopologyDocument& doc, ComponentRegistry& registry, Diagnostics& diagnostics)
      : doc_(doc), registry_(registry), diagnostics_(diagnostics) {}

  /// Multilang children run in squall.multilang.resources.dir: by default the topology file's
  /// resources/ folder (Storm: the jar's resources/), a relative one from the topology file's folder.
  void set_resources_dir(Config& config) const {
    std::filesystem::path dir(std::string(config.get(config_keys::kMultilangResourcesDir)));
    if (dir.empty()) dir = "resources";
    if (dir.is_relative() && !doc_.dir.empty()) dir = std::filesystem::path(doc_.dir) / dir;
    config.set(config_keys::kMultilangResourcesDir, dir.lexically_normal().string());
  }

  LoadedTopology resolve(const LoadOptions& options, std::vector<std::string> plugins) {
    std::string name = doc_.name;
    if (doc_.name.empty())
      diagnostics_.add(doc_.name_node.Mark().is_null() ? SourceLocation{doc_.file, 1, 1} : location_of(doc_.name_node, doc_.file),
                       "the topology has no name", "add 'name: my-topology' at the top");
    Config config = read_topology_config(doc_.config, "config", diagnostics_);
    for (const auto& [key, value] : options.config_overrides) config.set(key, value);
    set_resources_dir(config);
    settings_.read_component_values(doc_.components);
    for (const auto& e : doc_.spouts) resolve_component(e, ComponentKind::spout);
    for (const auto& e : doc_.bolts) resolve_component(e, ComponentKind::bolt);
    for (const auto& e : doc_.streams) resolve_stream(e);
    for (const auto& c : components_)
      if (c.kind == ComponentKind::bolt && c.inputs.empty() && c.info)
        diagnostics_.add(location_of(c.entry->node, c.entry->file), fmt::format("bolt '{}' has no input", c.id),
                         fmt::format("add a stream: - from: SOURCE\n              to: {}\n              grouping: {{type: SHUFFLE}}", c.id));
    diagnostics_.throw_if_any();
    Topology topology = build();
    for (const auto& c : components_)
      if (const ComponentDef* def = topology.find(c.id))
        if (auto problem = window_limit_problem(*def, config); !problem.empty())
          diagnostics_.add(location_of(c.entry->node, c.entry->file), problem,
                           "set the limit in the topology's config: section, or change the window settings");
    diagnostics_.throw_if_any();
    return {name, std::move(config), std::move(topology), std::move(plugins)};
  }

 private:
  SourceLocation at(const YAML::Node& node, const Entry& e) const { return location_of(node, e.file); }

  // ---- spouts and bolts ---------------------------------------------------------------------------
  void resolve_component(const Entry& e, ComponentKind kind) {
    const YAML::Node& n = e.node;
    std::string_view kind_name = component_kind_name(kind);
    for (const auto& kv : n)
      if (!is_one_of(kv.first.Scalar(), kComponentKeys))
        diagnostics_.add(at(kv.first, e), fmt::format("unknown key '{}' in {} '{}'", kv.first.Scalar(), kind_name, e.key),
                         unknown_key_hint(kComponentKeys));
    if (e.key.empty()) {
      diagnostics_.add(at(n, e), fmt::format("a {} needs an 'id'", kind_name), "write - id: my-" + std::string(kind_name));
      return;
    }
    if (e.key.starts_with("__"))
      diagnostics_.add(at(n["id"], e), fmt::format("id '{}' starts with '__', which is reserved", e.key), "rename it");
    for (const auto& other : components_)
      if (other.id == e.key)
        diagnostics_.add(at(n["id"], e), fmt::format("id '{}' is used twice", e.key),
                         fmt::format("the first is at {}", location_of(other.entry->node["id"], other.entry->file).to_string()));

    ResolvedComponent& c = components_.emplace_back();
    c.entry = &e;
    c.kind = kind;
    c.id = e.key;
    c.parallelism = read_positive_int(n["parallelism"], e, "parallelism").value_or(1);
    c.num_tasks = read_positive_int(n["numTasks"], e, "numTasks");
    if (n["outputs"]) c.outputs = read_outputs(n["outputs"], e);

    auto class_node = n["className"];
    if (!class_node || !class_node.IsScalar()) {
      diagnostics_.add(at(n, e), fmt::format("{} '{}' has no className", kind_name, e.key),
                       "add className: NAME (see `squall components`)");
      return;
    }
    std::string class_name = class_node.Scalar();
    const ComponentInfo* info = registry_.find(class_name);
    if (!info) {
      std::string suggestion = registry_.closest(class_name, kind);
      diagnostics_.add(at(class_node, e), fmt::format("unknown className '{}'", class_name),
                       suggestion.empty() ? "run `squall components` for the registered names, or load a plugin"
                                          : fmt::format("did you mean '{}'?", suggestion));
      return;
    }
    if (info->kind != kind) {
      diagnostics_.add(at(class_node, e), fmt::format("'{}' is a {}, listed under {}s", class_name,
                                                      component_kind_name(info->kind), kind_name),
                       fmt::format("move it to '{}s:'", component_kind_name(info->kind)));
      return;
    }
    auto settings = settings_.build_settings(*info, n, e, &c.config);
    if (!settings) return;
    c.info = info;
    c.settings = settings;
    if (auto chain = n["chain"]) {  // Flink's disableChaining: `chain: false`
      nlohmann::json v = to_json(chain);
      if (v.is_boolean())
        c.config.set(config_keys::kChaining.name, v.get<bool>());
      else
        diagnostics_.add(at(chain, e), fmt::format("chain must be true or false, found '{}'", chain.Scalar()),
                         "write chain: false to run this component on its own thread");
    }
    try {  // one instance now, so that a bad setting is reported here, not when the topology runs
      OutputFieldsDeclarer declarer;
      if (kind == ComponentKind::spout)
        info->make_spout(*settings)->declare_output_fields(declarer);
      else
        info->make_bolt(*settings)->declare_output_fields(declarer);
      if (!c.outputs) c.outputs = declarer.streams();
    } catch (const std::exception& ex) {
      diagnostics_.add(at(class_node, e), fmt::format("{} '{}' cannot be created: {}", kind_name, e.key, ex.what()),
                       "check its settings");
      c.info = nullptr;
    }
  }

  std::optional<int> read_positive_int(const YAML::Node& node, const Entry& e, std::string_view what) {
    if (!node) return std::nullopt;
    nlohmann::json v = to_json(node);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > 100000) {
      diagnostics_.add(at(node, e), fmt::format("{} must be an integer of at least 1, found '{}'", what, node.Scalar()),
                       fmt::format("write {}: 1", what));
      return std::nullopt;
    }
    return static_cast<int>(v.get<std::int64_t>());
  }

  std::optional<Streams> read_outputs(const YAML::Node& node, const Entry& e) {
    if (!node.IsMap()) {
      diagnostics_.add(at(node, e), "'outputs' must map stream ids to field lists", "write outputs:\n  default: [word, count]");
      return std::nullopt;
    }
    Streams streams;
    for (const auto& kv : node) {
      const std::string stream = kv.first.Scalar();
      YAML::Node fields_node = kv.second;
      bool direct = false;
      if (fields_node.IsMap()) {
        if (auto d = fields_node["direct"]) direct = to_json(d) == true;
        fields_node = fields_node["fields"];
      }
      nlohmann::json fields = fields_node ? to_json(fields_node) : nlohmann::json();
      if (!fields.is_array() || !std::all_of(fields.begin(), fields.end(), [](auto& f) { return f.is_string(); })) {
        diagnostics_.add(at(kv.second, e), fmt::format("outputs of stream '{}' must be a list of field names", stream),
                         fmt::format("write {}: [field1, field2]  or  {}: {{fields: [f], direct: true}}", stream, stream));
        continue;
      }
      try {
        streams[stream] = StreamDeclaration{Fields(fields.get<std::vector<std::string>>()), direct};
      } catch (const std::exception& ex) {
        diagnostics_.add(at(kv.second, e), fmt::format("outputs of stream '{}': {}", stream, ex.what()));
      }
    }
    return streams;
  }

  // ---- streams ----------------------------------------------------------------------------------
  ResolvedComponent* find_component(std::string_view id) {
    for (auto& c : components_)
      if (c.id == id) return &c;
    return nullptr;
  }

  std::string closest_id(std::string_view id) const {
    std::string best;
    std::size_t best_score = 0;
    for (const auto& c : components_) {
      std::size_t common = 0;
      while (common < id.size() && common < c.id.size() && id[common] == c.id[common]) ++common;
      if (common > best_score) {
        best_score = common;
        best = c.id;
      }
    }
    return best;
  }

  std::string id_hint(std::string_view id) const {
    std::vector<std::string> ids;
    for (const auto& c : components_) ids.push_back(c.id);
    std::string close = closest_id(id);
    if (!close.empty()) return fmt::format("did you mean '{}'? components: {}", close, fmt::join(ids, ", "));
    return fmt::format("components: {}", fmt::join(ids, ", "));
  }

  void resolve_stream(const Entry& e) {
    const YAML::Node& n = e.node;
    for (const auto& kv : n)
      if (!is_one_of(kv.first.Scalar(), kStreamKeys))
        diagnostics_.add(at(kv.first, e), fmt::format("unknown key '{}' in a stream", kv.first.Scalar()), unknown_key_hint(kStreamKeys));
    auto from_node = n["from"];
    auto to_node = n["to"];
    if (!from_node || !to_node || !from_node.IsScalar() || !to_node.IsScalar()) {
      diagnostics_.add(at(n, e), "a stream needs 'from' and 'to' component ids", "write - from: SOURCE\n    to: BOLT");
      return;
    }
    ResolvedComponent* from = find_component(from_node.Scalar());
    ResolvedComponent* to = find_component(to_node.Scalar());
    if (!from)
      diagnostics_.add(at(from_node, e), fmt::format("stream from unknown component '{}'", from_node.Scalar()), id_hint(from_node.Scalar()));
    if (!to)
      diagnostics_.add(at(to_node, e), fmt::format("stream to unknown component '{}'", to_node.Scalar()), id_hint(to_node.Scalar()));
    else if (to->kind != ComponentKind::bolt)
      diagnostics_.add(at(to_node, e), fmt::format("stream to '{}', which is a spout", to->id), "a stream goes to a bolt");
    auto grouping_node = n["grouping"];
    if (!grouping_node || !grouping_node.IsMap()) {
      diagnostics_.add(grouping_node ? at(grouping_node, e) : at(n, e), "a stream needs a grouping",
                       "write grouping:\n      type: SHUFFLE");
      return;
    }
    for (const auto& kv : grouping_node)
      if (!is_one_of(kv.first.Scalar(), kGroupingKeys))
        diagnostics_.add(at(kv.first, e), fmt::format("unknown key '{}' in a grouping", kv.first.Scalar()),
                         unknown_key_hint(kGroupingKeys));
    std::string stream_id(kDefaultStream);
    for (const auto& node : {n["streamId"], grouping_node["streamId"]})
      if (node && node.IsScalar()) stream_id = node.Scalar();
    std::optional<Grouping> grouping = groupings_.read(grouping_node, e);
    if (!from || !to || !grouping || to->kind != ComponentKind::bolt) return;
    if (from->outputs) check_grouping_against_stream(*from, stream_id, *grouping, n, grouping_node, e);
    to->inputs.push_back(Subscription{from->id, stream_id, std::move(*grouping)});
  }

  void check_grouping_against_stream(const ResolvedComponent& from, const std::string& stream_id, const Grouping& grouping,
                                     const YAML::Node& n, const YAML::Node& g, const Entry& e) {
    auto stream = from.outputs->find(stream_id);
    if (stream == from.outputs->end()) {
      std::vector<std::string> names;
      for (const auto& [name, _] : *from.outputs) names.push_back(name);
      YAML::Node where = g["streamId"] ? g["streamId"] : (n["streamId"] ? n["streamId"] : n["from"]);
      diagnostics_.add(at(where, e), fmt::format("'{}' declares no stream '{}'", from.id, stream_id),
                       names.empty() ? fmt::format("'{}' declares no output streams", from.id)
                                     : fmt::format("its streams: {}", fmt::join(names, ", ")));
      return;
    }
    const StreamDeclaration& decl = stream->second;
    if ((grouping.type == Grouping::Type::direct) != decl.direct)
      diagnostics_.add(at(g["type"], e),
                       decl.direct ? fmt::format("stream '{}' of '{}' is direct and needs a DIRECT grouping", stream_id, from.id)
                                   : fmt::format("a DIRECT grouping needs a direct stream; '{}' of '{}' is not", stream_id, from.id),
                       decl.direct ? "write type: DIRECT" : "pick another grouping, or declare the stream direct");
    for (std::size_t i = 0; i < grouping.fields.size(); ++i)
      if (!decl.fields.contains(grouping.fields[i])) {
        YAML::Node arg = g["args"] && g["args"].IsSequence() && i < g["args"].size() ? g["args"][i] : g["args"];
        diagnostics_.add(at(arg, e), fmt::format("{} grouping on field '{}', which stream '{}' of '{}' does not declare",
                                                 grouping_type_name(grouping.type), grouping.fields[i], stream_id, from.id),
                         fmt::format("its fields: {}", decl.fields.to_string()));
      }
  }

  // ---- build ------------------------------------------------------------------------------------
  Topology build() {
    TopologyBuilder builder;
    for (auto& c : components_) {
      auto settings = c.settings;
      const ComponentInfo* info = c.info;
      auto configure = [&](auto declarer) {
        declarer.set_num_tasks(c.num_tasks.value_or(c.parallelism));
        for (const auto& [k, v] : c.config.entries()) declarer.add_configuration(k, v);
        declarer.set_output_streams(*c.outputs);
        declarer.set_class(info->class_name, settings);
        return declarer;
      };
      if (c.kind == ComponentKind::spout) {
        configure(builder.set_spout(c.id, [info, settings] { return info->make_spout(*settings); }, c.parallelism));
      } else {
        auto declarer = configure(builder.set_bolt(c.id, [info, settings] { return info->make_bolt(*settings); }, c.parallelism));
        for (auto& in : c.inputs) declarer.grouping(in.source, in.stream, in.grouping);
      }
    }
    try {
      return builder.create_topology();
    } catch (const TopologyError& ex) {
      throw TopologyFileError({Diagnostic{{doc_.file, 0, 0}, ex.what(), {}}});
    }
  }

  const yaml::TopologyDocument& doc_;
  ComponentRegistry& registry_;
  Diagnostics& diagnostics_;
  ComponentSettingsReader settings_{diagnostics_};
  std::deque<ResolvedComponent> components_;
  GroupingReader groupings_{registry_, settings_, diagnostics_};
};

std::vector<std::string> load_plugins(const yaml::TopologyDocument& doc, const LoadOptions& options,
                                      ComponentRegistry& registry, Diagnostics& diagnostics) {
  std::vector<std::string> loaded;
  for (const auto& path : options.plugins) {
    try {
      load_plugin(path, registry);
      loaded.push_back(std::filesystem::absolute(path).string());
    } catch (const PluginError& e) {
      diagnostics.add({"--plugin", 0, 0}, e.what());
    }
  }
  for (const auto& entry : doc.plugins) {
    try {
      load_plugin(entry.key, registry);
      loaded.push_back(entry.key);
    } catch (const PluginError& e) {
      diagnostics.add(location_of(entry.node, entry.file), e.what(), "build the plugin, or fix the path (relative to this file)");
    }
  }
  return loaded;
}

LoadedTopology resolve_document(const yaml::TopologyDocument& doc, const LoadOptions& options, Diagnostics& diagnostics) {
  ComponentRegistry& registry = options.registry ? *options.registry : ComponentRegistry::global();
  if (!doc.parsed) diagnostics.throw_if_any();  // nothing parsed: further messages would only be noise
  auto plugins = load_plugins(doc, options, registry, diagnostics);
  Resolver resolver(doc, registry, diagnostics);
  try {
    return resolver.resolve(options, std::move(plugins));
  } catch (const YAML::Exception& e) {
    // A shape no check above expected (a subscript of a scalar, say): still an error at a place
    // in the file, never an abort.
    diagnostics.add({doc.file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
                    fmt::format("unexpected YAML shape: {}", e.msg), "compare this entry with docs/yaml.md");
    diagnostics.throw_if_any();
    throw;
  }
}

}  // namespace

LoadedTopology load_topology_file(const std::filesystem::path& path, const LoadOptions& options) {
  Diagnostics diagnostics;
  auto doc = yaml::read_topology_document(path, options.substitution, diagnostics);
  return resolve_document(doc, options, diagnostics);
}

LoadedTopology load_topology_yaml(std::string_view yaml_text, const std::string& display_name, const LoadOptions& options,
                                  const std::filesystem::path& base_dir) {
  Diagnostics diagnostics;
  auto doc = yaml::read_topology_text(yaml_text, display_name, base_dir, options.substitution, diagnostics);
  return resolve_document(doc, options, diagnostics);
}

Value parse_config_value(std::string_view text) {
  nlohmann::json v = to_json(YAML::Node(std::string(text)));
  return v.is_primitive() ? value_from_json(v) : Value(std::string(text));
}

}  // namespace squall
