#pragma once
// Running the topology files of topologies/ in tests: load with properties, run to completion,
// read JSON-lines output.

#include <chrono>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/runtime/local_cluster.hpp"
#include "support/files.hpp"
#include "squall/flux/topology_loader.hpp"

namespace test {

/// topologies/FILE loaded with `properties` for its ${...} and no progress lines.
inline squall::LoadedTopology load_example(const std::string& file, std::map<std::string, std::string, std::less<>> properties) {
  squall::LoadOptions options;
  options.substitution.properties = std::move(properties);
  auto loaded = squall::load_topology_file(std::string(SQUALL_SOURCE_DIR) + "/topologies/" + file, options);
  loaded.config.set(squall::config_keys::kProgressIntervalSecs, 0);
  return loaded;
}

/// One JSON value per non-empty line of `path`.
inline std::vector<nlohmann::json> json_lines(const std::filesystem::path& path) {
  std::vector<nlohmann::json> rows;
  std::istringstream in(read_text(path));
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) rows.push_back(nlohmann::json::parse(line));
  return rows;
}

/// Runs `loaded` until complete or `limit`; returns whether it completed.
inline bool run_loaded(squall::LoadedTopology loaded, std::chrono::seconds limit) {
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, std::move(loaded.topology));
  bool done = cluster.wait_until_complete(loaded.name, limit);
  cluster.kill_topology(loaded.name);
  return done;
}

}  // namespace test
