#include <filesystem>
#include <mutex>
#include <set>

#include <dlfcn.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/registry/plugin.hpp"

namespace squall {

void load_plugin(const std::string& path, ComponentRegistry& registry) {
  static std::mutex mutex;
  static std::set<std::pair<std::string, ComponentRegistry*>> loaded;
  std::lock_guard lock(mutex);

  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    throw PluginError(fmt::format("plugin '{}' does not exist (relative paths start at the topology file's folder)", path));
  std::string canonical = std::filesystem::canonical(path, ec).string();
  if (loaded.contains({canonical, &registry})) return;

  void* handle = dlopen(canonical.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) throw PluginError(fmt::format("plugin '{}' cannot be loaded: {}", path, dlerror()));
  using AbiFn = int (*)();
  using VersionFn = const char* (*)();
  using RegisterFn = void (*)(ComponentRegistry*);
  auto abi = reinterpret_cast<AbiFn>(dlsym(handle, "squall_plugin_abi_version"));
  auto version = reinterpret_cast<VersionFn>(dlsym(handle, "squall_plugin_squall_version"));
  auto register_components = reinterpret_cast<RegisterFn>(dlsym(handle, "squall_plugin_register"));
  if (!abi || !version || !register_components) {
    dlclose(handle);
    throw PluginError(fmt::format("'{}' is not a squall plugin: it lacks the entry points that SQUALL_PLUGIN(registry) "
                                  "defines (see docs/custom-components.md)",
                                  path));
  }
  const int plugin_abi = abi();
  const std::string built_with = version();
  if (plugin_abi != SQUALL_PLUGIN_ABI_VERSION) {
    dlclose(handle);
    throw PluginError(fmt::format("plugin '{}' was built against squall {} (plugin ABI {}), this is squall {} (plugin "
                                  "ABI {}): rebuild the plugin against this version",
                                  path, built_with, plugin_abi, SQUALL_VERSION_STRING, SQUALL_PLUGIN_ABI_VERSION));
  }
  registry.set_origin(fmt::format("plugin {}", path), canonical);
  try {
    register_components(&registry);
  } catch (const std::exception& e) {
    registry.set_origin("built-in");
    throw PluginError(fmt::format("plugin '{}' failed to register its components: {}", path, e.what()));
  }
  registry.set_origin("built-in");
  loaded.insert({canonical, &registry});
  spdlog::debug("loaded plugin {} (built against squall {})", path, built_with);
  // The library stays loaded: its code runs inside the components it registered.
}

}  // namespace squall
