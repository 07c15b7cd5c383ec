#pragma once
// Workers as fresh processes: the supervisor writes the topology document (again when the
// cluster's assignment moves executors), and the fork server execs the squall binary on it for
// each worker (see Supervisor's constructor).

#include <filesystem>
#include <string>

#include "squall/api/registry/topology_json.hpp"
#include "squall/runtime/workers/fork_server.hpp"

namespace squall::runtime {

/// `<run_dir>/<safe name>.topology.json`: where the workers of topology `name` read it.
std::filesystem::path topology_document_path(const std::string& run_dir, const std::string& name);

/// Writes `document` (topology_to_json's) to `path`, mode 0600 (its config holds the run's CURVE
/// secret key), through a temporary file renamed over it, so a reader never sees half of it.
/// Throws std::system_error when the file cannot be written.
void write_topology_document(const std::filesystem::path& path, const nlohmann::json& document);

/// A worker main for ForkServer that replaces the forked process with `executable worker
/// --document D --worker N --run-id R --log-level L` (L: this process's spdlog level). The
/// death signal the fork server set survives exec, so the worker still dies with its supervisor.
/// Returns 127 (and says why on stderr) only when exec fails.
ForkServer::WorkerMain exec_worker_main(std::filesystem::path executable, std::filesystem::path document,
                                        std::string run_id);

}  // namespace squall::runtime
