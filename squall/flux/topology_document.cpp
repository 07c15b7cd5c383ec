#include "squall/flux/topology_document.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/detail/input_limits.hpp"
#include "squall/flux/yaml_values.hpp"

namespace squall::yaml {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTopLevelKeys[] = {"name", "config", "components", "spouts", "bolts", "streams",
                                              "includes", "plugins"};

struct Reader {
  const SubstitutionSource& source;
  Diagnostics& diagnostics;
  std::vector<fs::path> stack;  // files being read, for include cycles

  SourceLocation at(const YAML::Node& node, const std::string& file) { return location_of(node, file); }

  std::string scalar_or_empty(const YAML::Node& node) { return node && node.IsScalar() ? node.Scalar() : std::string(); }

  std::string stream_key(const YAML::Node& node) {
    std::string stream = "default";
    if (node["streamId"] && node["streamId"].IsScalar()) stream = node["streamId"].Scalar();
    if (node["grouping"] && node["grouping"].IsMap() && node["grouping"]["streamId"] && node["grouping"]["streamId"].IsScalar())
      stream = node["grouping"]["streamId"].Scalar();
    return fmt::format("{} -> {} [{}]", scalar_or_empty(node["from"]), scalar_or_empty(node["to"]), stream);
  }

  void read_list(const YAML::Node& list, const std::string& file, std::string_view section, std::vector<Entry>& out,
                 const fs::path& base_dir) {
    if (!list || list.IsNull()) return;
    if (!list.IsSequence()) {
      diagnostics.add(at(list, file), fmt::format("'{}' must be a list, found {}", section, node_kind(list)),
                      fmt::format("write '{}:' followed by '- ...' items", section));
      return;
    }
    for (const auto& item : list) {
      if (section == "plugins") {
        if (!item.IsScalar()) {
          diagnostics.add(at(item, file), "a plugin must be a path to a shared library", "write - path/to/libplugin.so");
          continue;
        }
        fs::path path = item.Scalar();
        if (path.is_relative()) path = base_dir / path;
        out.push_back({file, item, path.lexically_normal().string()});
        continue;
      }
      if (!item.IsMap()) {
        diagnostics.add(at(item, file), fmt::format("an item of '{}' must be a map, found {}", section, node_kind(item)),
                        section == "streams" ? "write - from: ID\n            to: ID\n            grouping: {type: SHUFFLE}"
                                             : "write - id: ID\n            className: NAME");
        continue;
      }
      std::string key = section == "streams" ? stream_key(item) : scalar_or_empty(item["id"]);
      out.push_back({file, item, key});
    }
  }

  void merge(std::vector<Entry>& into, std::vector<Entry>&& from, bool override_existing, std::string_view section,
             const std::string& include_file) {
    for (auto& entry : from) {
      auto same = std::find_if(into.begin(), into.end(), [&](const Entry& e) { return !e.key.empty() && e.key == entry.key; });
      if (same == into.end()) {
        into.push_back(std::move(entry));
      } else if (override_existing) {
        *same = std::move(entry);
      } else {
        spdlog::warn("{}: {} '{}' is already defined by {}; the included one is ignored (set override: true to replace it)",
                     include_file, section, entry.key, same->file);
      }
    }
  }

  void merge_document(TopologyDocument& into, TopologyDocument&& from, bool override_existing) {
    const std::string file = from.file;
    merge(into.config, std::move(from.config), override_existing, "config key", file);
    merge(into.components, std::move(from.components), override_existing, "component", file);
    merge(into.spouts, std::move(from.spouts), override_existing, "spout", file);
    merge(into.bolts, std::move(from.bolts), override_existing, "bolt", file);
    merge(into.streams, std::move(from.streams), override_existing, "stream", file);
    merge(into.plugins, std::move(from.plugins), false, "plugin", file);
    if (into.name.empty()) {
      into.name = from.name;
      into.name_node = from.name_node;
    }
  }

  void read_includes(const YAML::Node& list, const std::string& file, const fs::path& base_dir, TopologyDocument& doc) {
    if (!list || list.IsNull()) return;
    if (!list.IsSequence()) {
      diagnostics.add(at(list, file), "'includes' must be a list", "write includes:\n  - file: other.yaml");
      return;
    }
    for (const auto& inc : list) {
      if (!inc.IsMap() || !inc["file"] || !inc["file"].IsScalar()) {
        diagnostics.add(at(inc, file), "an include needs a 'file'", "write - file: other.yaml\n              override: false");
        continue;
      }
      if (inc["resource"] && inc["resource"].IsScalar() && inc["resource"].as<std::string>() == "true") {
        diagnostics.add(at(inc["resource"], file), "classpath resources do not exist in squall",
                        "set resource: false and give a file path, relative to this file");
        continue;
      }
      bool override_existing = false;
      if (auto o = inc["override"]) {
        auto v = to_json(o);
        if (!v.is_boolean()) {
          diagnostics.add(at(o, file), fmt::format("'override' must be true or false, found {}", o.Scalar()));
          continue;
        }
        override_existing = v.get<bool>();
      }
      fs::path path = inc["file"].Scalar();
      if (path.is_relative()) path = base_dir / path;
      std::error_code ec;
      fs::path canonical = fs::weakly_canonical(path, ec);
      if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
        std::string chain;
        for (const auto& p : stack) chain += p.filename().string() + " -> ";
        diagnostics.add(at(inc["file"], file), fmt::format("include cycle: {}{}", chain, canonical.filename().string()),
                        "remove one of the includes");
        continue;
      }
      if (!fs::exists(path)) {
        diagnostics.add(at(inc["file"], file), fmt::format("included file '{}' does not exist", path.string()),
                        "paths are relative to the including file");
        continue;
      }
      merge_document(doc, read_file(path), override_existing);
    }
  }

  TopologyDocument read_file(const fs::path& path) {
    std::string file = path.string();
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {  // a directory, a device (/dev/zero), a FIFO
      diagnostics.add({file, 0, 0}, fs::exists(path, ec) ? "not a regular file" : "the file does not exist",
                      "give the path of a YAML file");
      return {};
    }
    if (auto size = fs::file_size(path, ec); !ec && size > limits::kTopologyFileBytes) {
      diagnostics.add({file, 0, 0}, fmt::format("the file has {} bytes, more than the {} a topology file may have", size,
                                                limits::kTopologyFileBytes),
                      "a topology file describes components; keep data in files its components read");
      return {};
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      diagnostics.add({file, 0, 0}, "cannot read the file", "check the path and its permissions");
      return {};
    }
    std::string text(limits::kTopologyFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    // Relative to the working directory: "x.yaml" has an empty parent, which is ".".
    fs::path absolute = fs::absolute(path, ec);
    if (ec) absolute = path;
    stack.push_back(fs::weakly_canonical(absolute, ec));
    TopologyDocument doc = read_text(text, file, absolute.parent_path());
    stack.pop_back();
    return doc;
  }

  TopologyDocument read_text(std::string_view raw, const std::string& file, const fs::path& base_dir) {
    TopologyDocument doc;
    doc.file = file;
    doc.dir = fs::absolute(base_dir).lexically_normal().string();
    SubstitutionSource with_dir = source;  // ${topology.dir}: this file's folder, for data paths
    with_dir.properties.try_emplace("topology.dir", doc.dir);
    std::string text = substitute_variables(raw, file, with_dir, diagnostics);
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {  // ParserException, DeepRecursion (nesting > yaml-cpp's limit)
      diagnostics.add({file, e.mark.line + 1, e.mark.column + 1}, fmt::format("YAML syntax: {}", e.msg),
                      "check the indentation and quoting on this line and the one before");
      return doc;
    }
    if (auto problem = check_yaml_bounds(root)) {
      diagnostics.add(at(problem->node, file), problem->message,
                      "a topology file is small: remove the alias that refers to itself or multiplies");
      return doc;
    }
    if (!root || root.IsNull()) {
      diagnostics.add({file, 1, 1}, "the file is empty", "a topology needs at least 'name' and 'spouts'");
      return doc;
    }
    if (!root.IsMap()) {
      diagnostics.add(at(root, file), fmt::format("a topology file must be a map, found {}", node_kind(root)),
                      "start with 'name: my-topology'");
      return doc;
    }
    doc.parsed = true;
    for (const auto& entry : root) {
      std::string key = entry.first.Scalar();
      if (std::find(std::begin(kTopLevelKeys), std::end(kTopLevelKeys), key) == std::end(kTopLevelKeys)) {
        std::string hint = key == "topologySource" ? "squall builds topologies from YAML or from C++ TopologyBuilder code"
                                                   : "valid keys: name, config, components, spouts, bolts, streams, includes, plugins";
        diagnostics.add(at(entry.first, file), fmt::format("unknown top-level key '{}'", key), hint);
      }
    }
    if (auto name = root["name"]) {
      doc.name = name.IsScalar() ? name.Scalar() : std::string();
      doc.name_node = name;
    }
    if (auto config = root["config"]; config && !config.IsNull()) {
      if (!config.IsMap())
        diagnostics.add(at(config, file), "'config' must be a map of topology settings", "write config:\n  topology.workers: 1");
      else
        for (const auto& entry : config) doc.config.push_back({file, entry.second, entry.first.Scalar()});
    }
    read_list(root["components"], file, "components", doc.components, base_dir);
    read_list(root["spouts"], file, "spouts", doc.spouts, base_dir);
    read_list(root["bolts"], file, "bolts", doc.bolts, base_dir);
    read_list(root["streams"], file, "streams", doc.streams, base_dir);
    read_list(root["plugins"], file, "plugins", doc.plugins, base_dir);
    read_includes(root["includes"], file, base_dir, doc);
    return doc;
  }
};

}  // namespace

TopologyDocument read_topology_document(const std::filesystem::path& file, const SubstitutionSource& source,
                                        Diagnostics& diagnostics) {
  Reader reader{source, diagnostics, {}};
  return reader.read_file(file);
}

TopologyDocument read_topology_text(std::string_view text, const std::string& display_name,
                                    const std::filesystem::path& base_dir, const SubstitutionSource& source,
                                    Diagnostics& diagnostics) {
  Reader reader{source, diagnostics, {}};
  return reader.read_text(text, display_name, base_dir);
}

}  // namespace squall::yaml
