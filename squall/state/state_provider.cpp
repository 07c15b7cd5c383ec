#include "squall/state/state_provider.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/errors.hpp"
#include "squall/state/memory_backend.hpp"

namespace squall::state {

namespace {

struct Provider {
  std::string name;
  BackendFactory factory;
};

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<Provider>, std::less<>> by_name;  // names and aliases
  Registry() {
    auto memory = std::make_shared<Provider>(Provider{"memory", [](const nlohmann::json&, const StateScope&) {
                                                        return std::make_unique<MemoryBackend>();
                                                      }});
    by_name["memory"] = memory;
    by_name["org.apache.storm.state.InMemoryKeyValueStateProvider"] = memory;
  }
};

Registry& registry() {
  static Registry r;
  return r;
}

std::shared_ptr<Provider> find_provider(const Config& config) {
  auto name = config.get(config_keys::kStateProvider);
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.by_name.find(name);
  if (it != r.by_name.end()) return it->second;
  std::vector<std::string> names;
  for (const auto& [n, p] : r.by_name)
    if (n == p->name) names.push_back(n);
  throw TopologyError(fmt::format("{}: unknown state provider '{}'; use one of {}", config_keys::kStateProvider.name,
                                  name, fmt::join(names, ", ")));
}

nlohmann::json provider_settings(const Config& config) {
  auto text = config.get(config_keys::kStateProviderConfig);
  if (text.empty()) return nlohmann::json::object();
  try {
    auto settings = nlohmann::json::parse(text);
    if (settings.is_object()) return settings;
  } catch (const nlohmann::json::exception& e) {
    throw TopologyError(fmt::format("{}: not JSON ({}): {}", config_keys::kStateProviderConfig.name, e.what(), text));
  }
  throw TopologyError(fmt::format("{}: must be a JSON object, as {{\"dir\": \"/var/lib/squall\"}}; got {}",
                                  config_keys::kStateProviderConfig.name, text));
}

}  // namespace

std::string StateScope::name_space() const { return fmt::format("{}/{}-{}", topology, component, task); }

void register_state_provider(const std::string& name, std::vector<std::string> aliases, BackendFactory factory) {
  auto p = std::make_shared<Provider>(Provider{name, std::move(factory)});
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.by_name[name] = p;
  for (auto& a : aliases) r.by_name[std::move(a)] = p;
}

std::vector<std::string> state_provider_names() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [n, p] : r.by_name)
    if (n == p->name) names.push_back(n);
  return names;
}

void check_state_settings(const Config& config) {
  find_provider(config);
  provider_settings(config);
}

std::unique_ptr<StateBackend> open_state_backend(const Config& config, const StateScope& scope) {
  auto provider = find_provider(config);
  return provider->factory(provider_settings(config), scope);
}

}  // namespace squall::state
