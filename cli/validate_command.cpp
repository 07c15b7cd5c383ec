#include <iostream>

#include "commands.hpp"

namespace squall::cli {

void add_validate_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("validate", "check a topology file and print the resolved topology");
  command->alias("--dry-run");
  auto options = std::make_shared<TopologyOptions>();
  options->add_to(*command);
  command->callback([options, &exit_code] {
    try {
      LoadedTopology topology = load_topology_file(options->file, options->load_options());
      std::cout << topology.describe();
      exit_code = kOk;
    } catch (const TopologyError& e) {
      std::cerr << e.what() << "\n";
      exit_code = kInvalidTopology;
    }
  });
}

}  // namespace squall::cli
