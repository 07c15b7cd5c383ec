#pragma once
// The subcommands of the `squall` program. Each adds itself to the CLI11 app and returns the
// process exit code through `exit_code` when it ran.

#include <CLI/CLI.hpp>

#include "squall/flux/topology_loader.hpp"

namespace squall::cli {

/// Exit codes, documented in docs/cli.md.
enum ExitCode : int {
  kOk = 0,              ///< the command did what was asked (a run stopped by Ctrl-C included)
  kInvalidTopology = 1, ///< the topology file, a plugin or a model is invalid
  kUsage = 2,           ///< bad command line
  kRuntimeFailure = 3,  ///< the topology failed while running
};

/// Options shared by `run` and `validate`: how to read the file.
struct TopologyOptions {
  std::string file;
  std::string filter;
  bool env_filter = false;
  std::vector<std::string> plugins;
  std::vector<std::string> config_overrides;  // key=value

  void add_to(CLI::App& command);
  /// The LoadOptions these options describe. Throws CLI::ValidationError for a malformed -c.
  LoadOptions load_options() const;
};

/// Settings whose default differs for a topology started from the command line (`squall run`,
/// `squall submit`) rather than from code: topology.state.provider is rocksdb (state on local
/// disk, outliving the run) unless the file or -c names one.
void apply_command_line_defaults(Config& config);

void add_run_command(CLI::App& app, int& exit_code);
void add_validate_command(CLI::App& app, int& exit_code);
void add_components_command(CLI::App& app, int& exit_code);
void add_version_command(CLI::App& app, int& exit_code);
void add_predict_command(CLI::App& app, int& exit_code);
void add_kafka_mock_command(CLI::App& app, int& exit_code);
void add_keygen_command(CLI::App& app, int& exit_code);
void add_settings_command(CLI::App& app, int& exit_code);
/// `squall worker`: what a supervisor execs for each worker process (worker_main.hpp).
void add_worker_command(CLI::App& app, int& exit_code);
/// Cluster mode: the daemons (`nimbus`, `supervisor`) and Storm's client commands.
void add_nimbus_command(CLI::App& app, int& exit_code);
void add_supervisor_command(CLI::App& app, int& exit_code);
void add_submit_command(CLI::App& app, int& exit_code);
void add_list_command(CLI::App& app, int& exit_code);
void add_errors_command(CLI::App& app, int& exit_code);
void add_ui_command(CLI::App& app, int& exit_code);
/// kill, activate, deactivate, rebalance.
void add_topology_action_commands(CLI::App& app, int& exit_code);
/// docs/settings.md: the config schema as a Markdown table.
std::string settings_markdown();

/// Sets spdlog's level from a name (trace, debug, info, warn, error, off).
void set_log_level(const std::string& level);

}  // namespace squall::cli
