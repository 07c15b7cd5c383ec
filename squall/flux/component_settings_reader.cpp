#include "squall/flux/component_settings_reader.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/bounded_json.hpp"
#include "squall/flux/topology_config.hpp"
#include "squall/flux/yaml_values.hpp"

namespace squall {

using yaml::Entry;
using yaml::location_of;
using yaml::to_json;

namespace {

std::string normalized(std::string_view name) {
  std::string out;
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

void ComponentSettingsReader::read_component_values(const std::vector<Entry>& components) {
  for (const auto& e : components) {
    if (e.key.empty()) {
      diagnostics_.add(at(e.node, e), "a component needs an 'id'", "write - id: my-values");
      continue;
    }
    const YAML::Node& n = e.node;
    nlohmann::json value;
    if (n["value"]) {
      value = json_with_refs(n["value"], e);
    } else if (n["className"] && n["className"].Scalar() == "org.apache.storm.tuple.Fields") {
      value = n["constructorArgs"] ? json_with_refs(n["constructorArgs"], e) : nlohmann::json::array();
      if (value.size() == 1 && value[0].is_array()) value = value[0];
    } else if (auto extent = window_extent(n, e)) {
      value = std::move(*extent);
    } else {
      value = nlohmann::json::object();
      if (n["config"]) value.update(json_with_refs(n["config"], e));
      if (n["properties"] && n["properties"].IsSequence())
        for (const auto& p : n["properties"])
          if (p.IsMap() && p["name"] && p["name"].IsScalar()) {
            YAML::Node ref_map;
            if (p["ref"]) ref_map["ref"] = p["ref"];
            value[p["name"].Scalar()] = json_with_refs(p["ref"] ? ref_map : p["value"], e, p["ref"]);
          }
    }
    component_values_[e.key] = std::move(value);
  }
}

std::optional<nlohmann::json> ComponentSettingsReader::window_extent(const YAML::Node& n, const Entry& e) {
  // Storm's BaseWindowedBolt.Count(int) and BaseWindowedBolt.Duration(int value, TimeUnit unit)
  static const std::map<std::string, std::int64_t, std::less<>> kUnitMs = {
      {"MILLISECONDS", 1}, {"SECONDS", 1000}, {"MINUTES", 60'000}, {"HOURS", 3'600'000}, {"DAYS", 86'400'000}};
  std::string class_name = n["className"] && n["className"].IsScalar() ? n["className"].Scalar() : "";
  bool count = class_name == "org.apache.storm.topology.base.BaseWindowedBolt$Count";
  bool duration = class_name == "org.apache.storm.topology.base.BaseWindowedBolt$Duration";
  if (!count && !duration) return std::nullopt;
  nlohmann::json args = n["constructorArgs"] ? json_with_refs(n["constructorArgs"], e) : nlohmann::json::array();
  std::string unit = duration && args.size() == 2 && args[1].is_string() ? args[1].get<std::string>() : "MILLISECONDS";
  auto ms = kUnitMs.find(unit);
  if (args.empty() || !args[0].is_number_integer() || args[0].get<std::int64_t>() < 1 || args.size() > (duration ? 2u : 1u) ||
      ms == kUnitMs.end()) {
    diagnostics_.add(at(n["constructorArgs"] ? n["constructorArgs"] : n, e),
                     fmt::format("{} takes {}", class_name, count ? "[a count >= 1]" : "[a value >= 1, a TimeUnit]"),
                     count ? "write constructorArgs: [5]" : "write constructorArgs: [10, SECONDS]");
    return nlohmann::json();
  }
  auto v = args[0].get<std::int64_t>();
  if (count) return nlohmann::json{{"count", v}};
  return nlohmann::json{{"duration_ms", v * ms->second}};
}

nlohmann::json ComponentSettingsReader::json_with_refs(const YAML::Node& node, const Entry& e, const YAML::Node& located) {
  if (!node) return nullptr;
  if (node.IsMap() && node.size() == 1 && node["ref"]) {
    std::string id = node["ref"].IsScalar() ? node["ref"].Scalar() : std::string();
    auto it = component_values_.find(id);
    if (it == component_values_.end()) {
      diagnostics_.add(at(located ? located : node["ref"], e), fmt::format("'ref: {}' names no entry of 'components'", id),
                       "define it under components: with - id: " + id);
      return nullptr;
    }
    return it->second;
  }
  if (node.IsSequence()) {
    auto out = nlohmann::json::array();
    for (const auto& item : node) out.push_back(json_with_refs(item, e));
    return out;
  }
  if (node.IsMap()) {
    auto out = nlohmann::json::object();
    for (const auto& kv : node) out[kv.first.Scalar()] = json_with_refs(kv.second, e);
    return out;
  }
  return to_json(node);
}

std::shared_ptr<ComponentSettings> ComponentSettingsReader::build_settings(const ComponentInfo& info, const YAML::Node& n,
                                                                       const Entry& e, Config* component_config) {
  bool ok = true;
  auto settings = std::make_shared<ComponentSettings>();
  auto& values = settings->json();
  for (const auto& spec : info.settings)
    if (!spec.default_value.is_null()) values[spec.name] = spec.default_value;
  auto spec_of = [&](const std::string& key) -> const SettingSpec* {
    auto spec = std::find_if(info.settings.begin(), info.settings.end(), [&](const SettingSpec& s) { return s.name == key; });
    return spec == info.settings.end() ? nullptr : &*spec;
  };
  // key_node locates an unknown key, value_node a wrong value
  auto set = [&](const std::string& key, nlohmann::json value, const YAML::Node& key_node, const YAML::Node& value_node) {
    const SettingSpec* spec = spec_of(key);
    if (!spec) {
      if (info.open_settings) {
        values[key] = std::move(value);
        return;
      }
      std::vector<std::string> names;
      for (const auto& s : info.settings) names.push_back(fmt::format("{} ({})", s.name, setting_type_name(s.type)));
      diagnostics_.add(at(key_node, e), fmt::format("{} has no setting '{}'", info.class_name, key),
                       names.empty() ? fmt::format("{} takes no settings", info.class_name)
                                     : fmt::format("valid settings: {}", fmt::join(names, ", ")));
      ok = false;
      return;
    }
    std::string problem = coerce_setting(spec->type, value);
    if (!problem.empty()) {
      diagnostics_.add(at(value_node, e), fmt::format("setting '{}' of {}: {}", key, info.class_name, problem),
                       spec->description.empty() ? std::string() : fmt::format("'{}': {}", key, spec->description));
      ok = false;
      return;
    }
    values[key] = std::move(value);
  };

  if (auto args = n["constructorArgs"]) {
    if (!args.IsSequence()) {
      diagnostics_.add(at(args, e), "'constructorArgs' must be a list", "write constructorArgs: [value, ...]");
      ok = false;
    } else if (args.size() > info.constructor_args.size()) {
      diagnostics_.add(at(args, e),
                       fmt::format("{} takes {} constructorArgs, {} given", info.class_name, info.constructor_args.size(), args.size()),
                       info.constructor_args.empty() ? "use 'config:' with named settings"
                                                     : fmt::format("the arguments are: {}", fmt::join(info.constructor_args, ", ")));
      ok = false;
    } else {
      for (std::size_t i = 0; i < args.size(); ++i) set(info.constructor_args[i], json_with_refs(args[i], e), args[i], args[i]);
    }
  }
  if (auto props = n["properties"]) {
    if (!props.IsSequence()) {
      diagnostics_.add(at(props, e), "'properties' must be a list of name/value pairs", "write properties:\n  - name: key\n    value: 1");
      ok = false;
    } else {
      for (const auto& p : props) {
        if (!p.IsMap() || !p["name"] || !p["name"].IsScalar()) {
          diagnostics_.add(at(p, e), "a property needs a 'name' and a 'value'", "write - name: key\n  value: 1");
          ok = false;
          continue;
        }
        // Flux: `value: v`, or `ref: component-id` for a value defined under components
        if (p["ref"] && p["ref"].IsScalar()) {
          YAML::Node ref_map;
          ref_map["ref"] = p["ref"];
          set(p["name"].Scalar(), json_with_refs(ref_map, e, p["ref"]), p["name"], p["ref"]);
          continue;
        }
        if (!p["value"]) {
          diagnostics_.add(at(p, e), fmt::format("property '{}' has neither 'value' nor 'ref'", p["name"].Scalar()),
                           "write value: 1, or ref: <an id under components>");
          ok = false;
          continue;
        }
        set(p["name"].Scalar(), json_with_refs(p["value"], e), p["name"], p["value"]);
      }
    }
  }
  if (auto methods = n["configMethods"]) {
    if (!methods.IsSequence()) {
      diagnostics_.add(at(methods, e), "'configMethods' must be a list", "write configMethods:\n  - name: withKey\n    args: [1]");
      ok = false;
    } else {
      for (const auto& m : methods) {
        if (!m.IsMap() || !m["name"] || !m["name"].IsScalar()) {
          diagnostics_.add(at(m, e), "a config method needs a 'name'", "write - name: withKey\n  args: [1]");
          ok = false;
          continue;
        }
        std::string method = m["name"].Scalar();
        std::string key = setting_for_method(info, method);
        if (key.empty()) {
          std::vector<std::string> names;
          for (const auto& s : info.settings) names.push_back(s.name);
          diagnostics_.add(at(m["name"], e), fmt::format("{} has no config method '{}'", info.class_name, method),
                           fmt::format("a config method names a setting, optionally as with<Name>, set<Name> or add<Name>; settings: {}",
                                       fmt::join(names, ", ")));
          ok = false;
          continue;
        }
        nlohmann::json args = m["args"] ? json_with_refs(m["args"], e) : nlohmann::json::array();
        if (const SettingSpec* spec = spec_of(key); spec && spec->repeatable) {
          nlohmann::json calls = values.contains(key) && values[key].is_array() ? values[key] : nlohmann::json::array();
          calls.push_back(std::move(args));
          args = std::move(calls);
        } else if (args.is_array() && args.size() == 1) {
          args = args[0];
        }
        set(key, std::move(args), m["name"], m["args"] ? m["args"] : m);
      }
    }
  }
  if (auto config = n["config"]) {
    if (!config.IsMap()) {
      diagnostics_.add(at(config, e), "'config' must be a map of settings", "write config:\n  key: value");
      ok = false;
    } else {
      for (const auto& kv : config) {
        std::string key = kv.first.Scalar();
        if (is_topology_setting(key) && component_config) {
          Entry config_entry{e.file, kv.second, key};
          Config c = read_topology_config({config_entry}, "component config", diagnostics_);
          for (const auto& [k, v] : c.entries()) component_config->set(k, v);
          continue;
        }
        set(key, json_with_refs(kv.second, e), kv.first, kv.second);
      }
    }
  }
  for (const auto& spec : info.settings)
    if (!values.contains(spec.name) && !spec.optional) {
      diagnostics_.add(at(n, e), fmt::format("{} needs setting '{}' ({})", info.class_name, spec.name, setting_type_name(spec.type)),
                       fmt::format("add it under config:  {}: ...   ({})", spec.name, spec.description));
      ok = false;
    }
  return ok ? settings : nullptr;
}

std::string ComponentSettingsReader::setting_for_method(const ComponentInfo& info, std::string_view method) {
  std::string m = normalized(method);
  for (const auto& s : info.settings) {
    std::string k = normalized(s.name);
    if (m == k || m == "with" + k || m == "set" + k || m == "add" + k) return s.name;
  }
  return {};
}

}  // namespace squall
