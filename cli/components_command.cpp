#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "commands.hpp"
#include "squall/api/bounded_json.hpp"
#include "squall/api/registry/plugin.hpp"

namespace squall::cli {

namespace {

void print_component(const ComponentInfo& info) {
  std::cout << fmt::format("{}  ({})\n", info.class_name, component_kind_name(info.kind));
  if (!info.aliases.empty()) std::cout << fmt::format("    aliases: {}\n", fmt::join(info.aliases, ", "));
  if (!info.description.empty()) std::cout << fmt::format("    {}\n", info.description);
  if (info.origin != "built-in") std::cout << fmt::format("    from {}\n", info.origin);
  for (const auto& s : info.settings) {
    std::string fallback = !s.default_value.is_null() ? "default " + json_text(s.default_value) : s.optional ? "optional" : "required";
    std::cout << fmt::format("    {:<24} {:<13} {:<22} {}\n", s.name, setting_type_name(s.type), fallback, s.description);
  }
  if (!info.constructor_args.empty())
    std::cout << fmt::format("    constructorArgs: [{}]\n", fmt::join(info.constructor_args, ", "));
}

}  // namespace

void add_components_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("components", "list every registered spout, bolt and grouping with its settings");
  auto plugins = std::make_shared<std::vector<std::string>>();
  command->add_option("--plugin", *plugins, "also load this plugin (repeatable)")->check(CLI::ExistingFile);
  command->callback([plugins, &exit_code] {
    try {
      for (const auto& p : *plugins) load_plugin(p);
    } catch (const PluginError& e) {
      std::cerr << e.what() << "\n";
      exit_code = kInvalidTopology;
      return;
    }
    for (const ComponentInfo* info : ComponentRegistry::global().all()) print_component(*info);
    exit_code = kOk;
  });
}

void add_version_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("version", "print squall's version and plugin ABI");
  command->callback([&exit_code] {
    std::cout << fmt::format("squall {} (plugin ABI {})\n", SQUALL_VERSION_STRING, SQUALL_PLUGIN_ABI_VERSION);
    exit_code = kOk;
  });
}

}  // namespace squall::cli
