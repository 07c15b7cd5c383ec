#include "squall/api/registry/topology_json.hpp"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "squall/api/registry/plugin.hpp"
#include "squall/api/topology_builder.hpp"

namespace squall {
namespace {

using json = nlohmann::json;

[[noreturn]] void fail(std::string_view path, std::string_view problem) {
  throw TopologyDocumentError(fmt::format("topology document, {}: {}", path, problem));
}

// ---- values -------------------------------------------------------------------------------------

std::string hex_of(const std::vector<std::uint8_t>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// ---- reading ------------------------------------------------------------------------------------

const json& member(const json& object, std::string_view key, std::string_view path, json::value_t type) {
  auto it = object.find(key);
  if (it == object.end()) fail(path, fmt::format("'{}' is missing", key));
  bool fits = it->type() == type || (type == json::value_t::number_integer && it->is_number_unsigned());
  if (!fits) fail(fmt::format("{}.{}", path, key), fmt::format("expected {}, got {}", json(type).type_name(), it->type_name()));
  return *it;
}

std::string text_member(const json& object, std::string_view key, std::string_view path) {
  return member(object, key, path, json::value_t::string).get<std::string>();
}

int count_member(const json& object, std::string_view key, std::string_view path) {
  auto n = member(object, key, path, json::value_t::number_integer).get<std::int64_t>();
  if (n < 1 || n > 1'000'000) fail(fmt::format("{}.{}", path, key), fmt::format("{} is not in 1..1000000", n));
  return static_cast<int>(n);
}

Fields fields_of(const json& list, std::string_view path) {
  std::vector<std::string> names;
  for (const auto& name : list) {
    if (!name.is_string()) fail(path, "field names must be strings");
    names.push_back(name.get<std::string>());
  }
  return Fields(std::move(names));
}

Config config_of(const json& object, std::string_view path) {
  if (!object.is_object()) fail(path, "expected an object");
  Config config;
  for (const auto& [key, value] : object.items()) config.set(key, value_from_document(value));
  return config;
}

// Settings as the class's schema allows them: each present value coerced to its type, defaults
// filled in, unknown keys refused unless the class takes open settings.
std::shared_ptr<const ComponentSettings> settings_of(const ComponentInfo& info, const json& given, std::string_view path) {
  if (!given.is_object()) fail(path, "expected an object");
  json values = json::object();
  std::set<std::string, std::less<>> known;
  for (const auto& spec : info.settings) {
    known.insert(spec.name);
    auto it = given.find(spec.name);
    if (it == given.end() || it->is_null()) {
      if (!spec.default_value.is_null()) values[spec.name] = spec.default_value;
      else if (!spec.optional) fail(path, fmt::format("'{}' needs setting '{}'", info.class_name, spec.name));
      continue;
    }
    json value = *it;
    if (auto problem = coerce_setting(spec.type, value); !problem.empty())
      fail(fmt::format("{}.{}", path, spec.name), problem);
    values[spec.name] = std::move(value);
  }
  for (const auto& [key, value] : given.items())
    if (!known.contains(key)) {
      if (!info.open_settings) fail(path, fmt::format("'{}' has no setting '{}'", info.class_name, key));
      values[key] = value;
    }
  return std::make_shared<const ComponentSettings>(std::move(values));
}

const ComponentInfo& class_of(const ComponentRegistry& registry, const std::string& name, ComponentKind kind,
                              std::string_view path) {
  const ComponentInfo* info = registry.find(name);
  if (!info) fail(path, fmt::format("unknown className '{}' (is its plugin listed under \"plugins\"?)", name));
  if (info->kind != kind)
    fail(path, fmt::format("'{}' is a {}, not a {}", name, component_kind_name(info->kind), component_kind_name(kind)));
  return *info;
}

Grouping grouping_of(const json& object, const ComponentRegistry& registry, std::string_view path) {
  if (!object.is_object()) fail(path, "expected an object");
  std::string type = text_member(object, "type", path);
  auto known = grouping_type_from_name(type);
  if (!known) fail(fmt::format("{}.type", path), fmt::format("unknown grouping type '{}'", type));
  Grouping grouping;
  grouping.type = *known;
  if (object.contains("fields")) grouping.fields = fields_of(member(object, "fields", path, json::value_t::array), path);
  if (grouping.type == Grouping::Type::custom) {
    std::string class_name = text_member(object, "customClass", path);
    const auto& info = class_of(registry, class_name, ComponentKind::grouping, fmt::format("{}.customClass", path));
    auto settings = settings_of(info, object.value("settings", json::object()), fmt::format("{}.settings", path));
    grouping.custom = [&info, settings] { return info.make_grouping(*settings); };
    grouping.custom_class = info.class_name;
    grouping.custom_settings = std::move(settings);
  }
  return grouping;
}

template <typename Declarer>
void configure(Declarer&& declarer, const json& c, const ComponentInfo& info,
               std::shared_ptr<const ComponentSettings> settings, std::string_view path) {
  declarer.set_num_tasks(count_member(c, "tasks", path));
  Config config = config_of(c.value("config", json::object()), fmt::format("{}.config", path));
  for (const auto& [key, value] : config.entries()) declarer.add_configuration(key, value);
  std::map<std::string, StreamDeclaration, std::less<>> outputs;
  for (const auto& [stream, d] : member(c, "outputs", path, json::value_t::object).items()) {
    auto at = fmt::format("{}.outputs.{}", path, stream);
    if (!d.is_object()) fail(at, "expected an object");
    outputs[stream] = StreamDeclaration{fields_of(member(d, "fields", at, json::value_t::array), at), d.value("direct", false)};
  }
  declarer.set_output_streams(std::move(outputs));
  declarer.set_class(info.class_name, std::move(settings));
}

// ---- writing ------------------------------------------------------------------------------------

json config_json(const Config& config) {
  json out = json::object();
  for (const auto& [key, value] : config.entries()) out[key] = value_to_document(value);
  return out;
}

json grouping_json(const Grouping& g) {
  json out{{"type", grouping_type_name(g.type)}};
  if (!g.fields.empty()) out["fields"] = g.fields.names();
  if (g.type == Grouping::Type::custom) {
    out["customClass"] = g.custom_class;
    out["settings"] = g.custom_settings->json();
  }
  return out;
}

void add_plugin(const ComponentRegistry& registry, const std::string& class_name, std::vector<std::string>& plugins) {
  const ComponentInfo* info = registry.find(class_name);
  if (!info) throw TopologyDocumentError(fmt::format("className '{}' is not registered in this process", class_name));
  if (!info->plugin.empty() && std::find(plugins.begin(), plugins.end(), info->plugin) == plugins.end())
    plugins.push_back(info->plugin);
}

}  // namespace

json value_to_document(const Value& value) {
  switch (value.type()) {
    case ValueType::nil: return nullptr;
    case ValueType::boolean: return value.as_bool();
    case ValueType::int64: return value.as_int();
    case ValueType::float64: {
      double d = value.as_double();
      if (std::isfinite(d)) return d;
      return json{{"$double", std::isnan(d) ? "nan" : d > 0 ? "inf" : "-inf"}};
    }
    case ValueType::string: return value.as_string();
    case ValueType::bytes: return json{{"$bytes", hex_of(value.as_bytes().data)}};
  }
  return nullptr;
}

Value value_from_document(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return Value();
    case json::value_t::boolean: return Value(j.get<bool>());
    case json::value_t::number_integer: return Value(j.get<std::int64_t>());
    case json::value_t::number_unsigned:
      if (j.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) fail(j.dump(), "integer past int64");
      return Value(j.get<std::int64_t>());
    case json::value_t::number_float: return Value(j.get<double>());
    case json::value_t::string: return Value(j.get<std::string>());
    default: break;
  }
  if (j.is_object() && j.size() == 1 && j.contains("$double") && j["$double"].is_string()) {
    auto s = j["$double"].get<std::string>();
    if (s == "nan") return Value(std::nan(""));
    if (s == "inf" || s == "-inf") return Value(s == "inf" ? HUGE_VAL : -HUGE_VAL);
  }
  if (j.is_object() && j.size() == 1 && j.contains("$bytes") && j["$bytes"].is_string()) {
    auto hex = j["$bytes"].get<std::string>();
    Bytes bytes;
    bool valid = hex.size() % 2 == 0;
    for (std::size_t i = 0; valid && i < hex.size(); i += 2) {
      int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
      valid = hi >= 0 && lo >= 0;
      bytes.data.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
    }
    if (valid) return Value(std::move(bytes));
  }
  fail(j.dump(), "not a config value (a scalar, {\"$bytes\": hex} or {\"$double\": nan|inf|-inf})");
}

std::string why_not_serializable(const Topology& topology) {
  for (const auto& c : topology.components()) {
    if (c.class_name.empty() || !c.settings)
      return fmt::format("component '{}' is made by a C++ factory, not a registered className", c.id);
    for (const auto& in : c.inputs)
      if (in.grouping.type == Grouping::Type::custom && (in.grouping.custom_class.empty() || !in.grouping.custom_settings))
        return fmt::format("the custom grouping of '{}' on '{}' is made by a C++ factory, not a registered className",
                           c.id, in.source);
  }
  return {};
}

json topology_to_json(const SubmittedTopology& submitted, const ComponentRegistry& registry) {
  if (auto reason = why_not_serializable(submitted.topology); !reason.empty())
    throw TopologyDocumentError(fmt::format("topology '{}' cannot be written as a document: {}", submitted.name, reason));
  std::vector<std::string> plugins;
  json components = json::array();
  for (const auto& c : submitted.topology.components()) {
    add_plugin(registry, c.class_name, plugins);
    json outputs = json::object();
    for (const auto& [stream, d] : c.outputs) outputs[stream] = {{"fields", d.fields.names()}, {"direct", d.direct}};
    json inputs = json::array();
    for (const auto& in : c.inputs) {
      if (in.grouping.type == Grouping::Type::custom) add_plugin(registry, in.grouping.custom_class, plugins);
      inputs.push_back({{"source", in.source}, {"stream", in.stream}, {"grouping", grouping_json(in.grouping)}});
    }
    components.push_back({{"id", c.id},
                          {"kind", c.kind == ComponentDef::Kind::spout ? "spout" : "bolt"},
                          {"className", c.class_name},
                          {"settings", c.settings->json()},
                          {"parallelism", c.parallelism},
                          {"tasks", c.num_tasks},
                          {"config", config_json(c.config)},
                          {"outputs", std::move(outputs)},
                          {"inputs", std::move(inputs)}});
  }
  return {{"format", kTopologyDocumentFormat},
          {"name", submitted.name},
          {"config", config_json(submitted.config)},
          {"plugins", plugins},
          {"components", std::move(components)}};
}

SubmittedTopology topology_from_json(const json& document, ComponentRegistry& registry) {
  if (!document.is_object()) fail("$", "expected an object");
  if (auto format = text_member(document, "format", "$"); format != kTopologyDocumentFormat)
    fail("$.format", fmt::format("'{}' is not '{}' (written by another squall version?)", format, kTopologyDocumentFormat));
  SubmittedTopology out;
  out.name = text_member(document, "name", "$");
  out.config = config_of(member(document, "config", "$", json::value_t::object), "$.config");
  for (const auto& plugin : member(document, "plugins", "$", json::value_t::array)) {
    if (!plugin.is_string()) fail("$.plugins", "plugin paths must be strings");
    load_plugin(plugin.get<std::string>(), registry);
  }
  TopologyBuilder builder;
  std::size_t index = 0;
  for (const auto& c : member(document, "components", "$", json::value_t::array)) {
    auto path = fmt::format("$.components[{}]", index++);
    if (!c.is_object()) fail(path, "expected an object");
    std::string id = text_member(c, "id", path), kind = text_member(c, "kind", path);
    if (kind != "spout" && kind != "bolt") fail(path + ".kind", fmt::format("'{}' is neither spout nor bolt", kind));
    const auto& info = class_of(registry, text_member(c, "className", path),
                                kind == "spout" ? ComponentKind::spout : ComponentKind::bolt, path + ".className");
    auto settings = settings_of(info, member(c, "settings", path, json::value_t::object), path + ".settings");
    int parallelism = count_member(c, "parallelism", path);
    if (kind == "spout") {
      configure(builder.set_spout(id, [&info, settings] { return info.make_spout(*settings); }, parallelism), c, info,
                settings, path);
      continue;
    }
    auto declarer = builder.set_bolt(id, [&info, settings] { return info.make_bolt(*settings); }, parallelism);
    configure(declarer, c, info, settings, path);
    std::size_t input = 0;
    for (const auto& in : member(c, "inputs", path, json::value_t::array)) {
      auto at = fmt::format("{}.inputs[{}]", path, input++);
      if (!in.is_object()) fail(at, "expected an object");
      declarer.grouping(text_member(in, "source", at), text_member(in, "stream", at),
                        grouping_of(member(in, "grouping", at, json::value_t::object), registry, at + ".grouping"));
    }
  }
  try {
    out.topology = builder.create_topology();
  } catch (const TopologyError& e) {
    fail("$.components", e.what());
  }
  return out;
}

}  // namespace squall
