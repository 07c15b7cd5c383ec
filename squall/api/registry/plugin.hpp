#pragma once
// Writing a plugin: a shared library whose components register when squall loads it (with
// `plugins: [path]` in a topology file or `squall run --plugin path`).
//
//   #include <squall/api/registry/plugin.hpp>
//
//   SQUALL_PLUGIN(registry) {
//     registry.add_bolt<UppercaseBolt>({.class_name = "com.example.UppercaseBolt",
//                                       .description = "upper-cases field 'word'"});
//   }

#include <string>

#include "squall/api/registry/component_registry.hpp"
#include "squall/api/version.hpp"

#define SQUALL_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))

/// Defines the plugin's entry points; the braces that follow are the body of a function that
/// receives the registry (a `squall::ComponentRegistry&` named `registry_name`).
#define SQUALL_PLUGIN(registry_name)                                                                 \
  static void squall_plugin_register_components(::squall::ComponentRegistry&);                      \
  SQUALL_PLUGIN_EXPORT int squall_plugin_abi_version() { return SQUALL_PLUGIN_ABI_VERSION; }          \
  SQUALL_PLUGIN_EXPORT const char* squall_plugin_squall_version() { return SQUALL_VERSION_STRING; }   \
  SQUALL_PLUGIN_EXPORT void squall_plugin_register(::squall::ComponentRegistry* registry) {          \
    squall_plugin_register_components(*registry);                                                  \
  }                                                                                                  \
  static void squall_plugin_register_components(::squall::ComponentRegistry& registry_name)

namespace squall {

/// A plugin could not be loaded. The message names the file and what is wrong.
class PluginError : public Error {
 public:
  using Error::Error;
};

/// Loads the plugin at `path` (once per process; a second call is a no-op) and registers its
/// components into `registry`, recording `path` as their origin. Throws PluginError when the file
/// does not exist or does not load (the loader's message), lacks the SQUALL_PLUGIN entry points,
/// was built for another plugin ABI version, or registers a className that is already taken.
void load_plugin(const std::string& path, ComponentRegistry& registry = ComponentRegistry::global());

}  // namespace squall
