#pragma once
// Opens the StateBackend of a task by topology.state.provider and topology.state.provider.config
// (Storm's StateFactory and StateProvider; docs/state.md). Providers register by name: memory
// here; rocksdb and redis by the squall library (squall/stores).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/api/config.hpp"
#include "squall/state/state_backend.hpp"

namespace squall::state {

/// Whose state a backend holds.
struct StateScope {
  std::string topology;
  std::string component;
  int task = 0;
  /// "<topology>/<component>-<task>": Storm's namespace (component-task) under the topology, so
  /// that two topologies can share a Redis.
  std::string name_space() const;
};

/// Makes a backend from the provider's settings (topology.state.provider.config, a JSON object;
/// {} when unset). Throws TopologyError for a bad setting, StateError when the store cannot be
/// opened.
using BackendFactory = std::function<std::unique_ptr<StateBackend>(const nlohmann::json& settings, const StateScope& scope)>;

/// Adds a provider under `name` and its `aliases` (Storm's class names). A later registration of
/// a name replaces the earlier.
void register_state_provider(const std::string& name, std::vector<std::string> aliases, BackendFactory factory);

/// The registered provider names (without aliases), sorted.
std::vector<std::string> state_provider_names();

/// Checks topology.state.provider and topology.state.provider.config of `config`; throws
/// TopologyError naming the provider names or the JSON error.
void check_state_settings(const Config& config);

/// Opens the backend of `scope` by `config`. Throws as check_state_settings and the factory do.
std::unique_ptr<StateBackend> open_state_backend(const Config& config, const StateScope& scope);

}  // namespace squall::state
