// squall: run, validate and inspect topologies. `squall --help` lists the commands.

#include <csignal>
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "squall/api/version.hpp"

int main(int argc, char** argv) {
  // A closed pipe (`squall run ... | head`, a FIFO sink whose reader left) makes a write fail
  // with EPIPE, which the writer reports, instead of killing the process before its drain.
  std::signal(SIGPIPE, SIG_IGN);
  // Logs go to stderr, so that stdout carries only what a command prints as its result (the
  // summary, the validated tree, predictions) and can be piped.
  spdlog::set_default_logger(spdlog::stderr_color_mt("squall"));
  CLI::App app{"squall " SQUALL_VERSION_STRING ": stream processing in the style of Apache Storm"};
  app.require_subcommand(1);
  app.fallthrough();  // --log-level may follow the subcommand
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")->capture_default_str();
  app.parse_complete_callback([&] { squall::cli::set_log_level(log_level); });
  int exit_code = squall::cli::kOk;
  squall::cli::add_run_command(app, exit_code);
  squall::cli::add_nimbus_command(app, exit_code);
  squall::cli::add_supervisor_command(app, exit_code);
  squall::cli::add_submit_command(app, exit_code);
  squall::cli::add_list_command(app, exit_code);
  squall::cli::add_errors_command(app, exit_code);
  squall::cli::add_ui_command(app, exit_code);
  squall::cli::add_topology_action_commands(app, exit_code);
  squall::cli::add_validate_command(app, exit_code);
  squall::cli::add_components_command(app, exit_code);
  squall::cli::add_predict_command(app, exit_code);
  squall::cli::add_kafka_mock_command(app, exit_code);
  squall::cli::add_keygen_command(app, exit_code);
  squall::cli::add_settings_command(app, exit_code);
  squall::cli::add_worker_command(app, exit_code);
  squall::cli::add_version_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? squall::cli::kOk : squall::cli::kUsage;
  } catch (const std::exception& e) {
    // Every command reports its expected errors itself; this is the net under them: an error
    // message and exit 1, never an abort.
    std::fprintf(stderr, "squall: error: %s\n", e.what());
    return squall::cli::kInvalidTopology;
  }
  return exit_code;
}
