#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "squall/flux/substitution.hpp"

namespace squall::cli {

void TopologyOptions::add_to(CLI::App& command) {
  command.add_option("file", file, "topology file (YAML, Storm Flux schema)")->required()->check(CLI::ExistingFile);
  command.add_option("--filter", filter, "properties file whose keys replace ${key} in the topology file")
      ->check(CLI::ExistingFile);
  command.add_flag("--env-filter", env_filter, "replace ${ENV-NAME} with environment variables");
  command.add_option("--plugin", plugins, "shared library of custom components (repeatable)")->check(CLI::ExistingFile);
  command.add_option("-c,--config", config_overrides, "topology setting over the file's config: key=value (repeatable)");
}

LoadOptions TopologyOptions::load_options() const {
  LoadOptions options;
  if (!filter.empty()) options.substitution.properties = read_properties_file(filter);
  options.substitution.environment = env_filter;
  options.plugins = plugins;
  for (const auto& kv : config_overrides) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      throw CLI::ValidationError("-c", "expected key=value, got '" + kv + "' (e.g. -c topology.workers=2)");
    options.config_overrides.emplace_back(kv.substr(0, eq), parse_config_value(kv.substr(eq + 1)));
  }
  return options;
}

void apply_command_line_defaults(Config& config) {
  if (!config.contains(config_keys::kStateProvider)) config.set(config_keys::kStateProvider, std::string("rocksdb"));
}

void set_log_level(const std::string& level) {
  auto parsed = spdlog::level::from_str(level);
  if (parsed == spdlog::level::off && level != "off")
    throw CLI::ValidationError("--log-level", "unknown level '" + level + "' (trace, debug, info, warn, error, off)");
  spdlog::set_level(parsed);
}

}  // namespace squall::cli
