#include "squall/runtime/worker_main.hpp"

#include <fstream>

#include <spdlog/spdlog.h>

#include "squall/api/registry/plugin.hpp"
#include "squall/api/registry/topology_json.hpp"
#include "squall/runtime/workers/worker_process.hpp"

namespace squall {

int run_worker_process(const WorkerArguments& arguments) {
  runtime::WorkerLaunch launch;
  try {
    std::ifstream in(arguments.document);
    if (!in) throw TopologyDocumentError(fmt::format("cannot open {}", arguments.document.string()));
    SubmittedTopology submitted = topology_from_json(nlohmann::json::parse(in));
    launch = runtime::WorkerLaunch{submitted.name, std::move(submitted.config), std::move(submitted.topology),
                                   arguments.run_id, arguments.worker};
  } catch (const std::exception& e) {
    // nlohmann's parse_error, TopologyDocumentError, PluginError: the supervisor sees the exit
    // and restarts the worker with a growing delay; the log says why.
    spdlog::critical("worker {} could not read its topology document {}: {}", arguments.worker,
                     arguments.document.string(), e.what());
    return 3;
  }
  return runtime::run_worker(launch);
}

}  // namespace squall
