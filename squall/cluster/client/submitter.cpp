#include "squall/cluster/client/submitter.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include "squall/cluster/nimbus/nimbus.hpp"
#include "squall/runtime/plan/execution_plan.hpp"

namespace squall::cluster {

std::string submit_topology(const NimbusClient& nimbus, const SubmittedTopology& topology) {
  runtime::ExecutionPlan plan(topology.name, topology.config, topology.topology);
  auto document = topology_to_json(topology);
  for (auto& plugin : document["plugins"]) {
    std::filesystem::path path = plugin.get<std::string>();
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NimbusError(400, "cannot read plugin " + path.string());
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    plugin = "blob:" + nimbus.put_blob(bytes) + "/" + path.filename().string();
  }
  auto reply = nimbus.post("/api/v1/topology/submit",
                           {{"document", document}, {"executors", static_cast<int>(plan.executors().size())}});
  return reply.at("id").get<std::string>();
}

}  // namespace squall::cluster
