#include "squall/cluster/client/submitter.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include <fmt/format.h>

#include "squall/api/registry/component_registry.hpp"
#include "squall/cluster/blobs/blob_reference.hpp"
#include "squall/cluster/nimbus/nimbus.hpp"
#include "squall/runtime/plan/execution_plan.hpp"

namespace squall::cluster {

namespace {

/// Uploads files once each (a model read by several components travels once).
class FileShipper {
 public:
  explicit FileShipper(const NimbusClient& nimbus) : nimbus_(nimbus) {}

  /// The blob reference of `path` (relative to the working directory, as `squall run` reads it).
  /// Throws NimbusError (400) naming `what` when the file cannot be read.
  std::string ship(const std::filesystem::path& path, const std::string& what) {
    auto absolute = std::filesystem::absolute(path).lexically_normal();
    if (auto it = shipped_.find(absolute); it != shipped_.end()) return it->second;
    std::ifstream in(absolute, std::ios::binary);
    if (!in || std::filesystem::is_directory(absolute))
      throw NimbusError(400, fmt::format("{}: cannot read {} (squall submit ships the files a topology reads to the "
                                         "cluster; check the path, relative to the working directory or "
                                         "${{topology.dir}})", what, absolute.string()));
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto reference = blob_reference(nimbus_.put_blob(bytes), absolute.filename().string());
    shipped_.emplace(absolute, reference);
    return reference;
  }

 private:
  const NimbusClient& nimbus_;
  std::map<std::filesystem::path, std::string> shipped_;
};

}  // namespace

std::string submit_topology(const NimbusClient& nimbus, const SubmittedTopology& topology) {
  runtime::ExecutionPlan plan(topology.name, topology.config, topology.topology);
  auto document = topology_to_json(topology);
  FileShipper shipper(nimbus);
  for (auto& plugin : document["plugins"]) plugin = shipper.ship(plugin.get<std::string>(), "plugin");
  // The files components read (settings declared with SettingsSchema::input_file).
  for (auto& component : document["components"]) {
    const ComponentInfo* info = ComponentRegistry::global().find(component["className"].get<std::string>());
    if (!info) continue;  // topology_to_json found it; kept for safety
    for (const auto& spec : info->settings) {
      auto it = component["settings"].find(spec.name);
      if (!spec.input_file || it == component["settings"].end() || !it->is_string() || it->get<std::string>().empty())
        continue;
      *it = shipper.ship(it->get<std::string>(),
                         fmt::format("component '{}', setting '{}'", component["id"].get<std::string>(), spec.name));
    }
  }
  auto reply = nimbus.post("/api/v1/topology/submit",
                           {{"document", document}, {"executors", static_cast<int>(plan.executors().size())}});
  return reply.at("id").get<std::string>();
}

}  // namespace squall::cluster
