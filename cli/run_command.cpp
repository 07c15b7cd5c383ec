#include <atomic>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "ui_options.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/runtime/shutdown_signals.hpp"
#include "squall/web/monitor_server.hpp"
#include "squall/web/topology_graph.hpp"

namespace squall::cli {

namespace {

struct RunOptions {
  TopologyOptions topology;
  bool local = false;
  double duration_secs = 0;
  std::int64_t sleep_ms = 0;
  double stats_interval_secs = -1;
  std::int64_t drain_secs = 30;
  UiOptions ui;
};

int run(const RunOptions& options) {
  std::optional<web::MonitorSettings> ui;
  if (!options.ui.address.empty()) ui = options.ui.settings();
  LoadOptions load = options.topology.load_options();
  if (options.stats_interval_secs >= 0)
    load.config_overrides.emplace_back(std::string(config_keys::kProgressIntervalSecs), options.stats_interval_secs);
  LoadedTopology loaded;
  try {
    loaded = load_topology_file(options.topology.file, load);
    apply_command_line_defaults(loaded.config);
  } catch (const TopologyError& e) {
    std::cerr << e.what() << "\n";
    return kInvalidTopology;
  }
  install_shutdown_signal_handlers();
  LocalCluster cluster;
  // Workers (topology.workers > 1) are fresh squall processes that read the topology document.
  std::error_code no_proc;
  if (auto self = std::filesystem::read_symlink("/proc/self/exe", no_proc); !no_proc) cluster.use_worker_executable(self);
  std::map<std::string, web::TopologyGraph> graphs{{loaded.name, web::graph_of(loaded.topology)}};
  cluster.submit_topology(loaded.name, loaded.config, std::move(loaded.topology));
  std::atomic<int> killed_wait_secs{-1};  // set by the UI's kill
  web::LocalClusterTarget target(cluster, std::move(graphs), [&killed_wait_secs](const std::string&, int wait_secs) {
    killed_wait_secs = wait_secs;
    request_shutdown();
  });
  std::unique_ptr<web::MonitorServer> monitor;
  if (ui) {
    monitor = std::make_unique<web::MonitorServer>(*ui, target);
    log_ui_address(*monitor, *ui, "topology.html?id=" + loaded.name);
  }
  using namespace std::chrono;
  if (options.duration_secs > 0)
    cluster.run_for(duration_cast<milliseconds>(duration<double>(options.duration_secs)));
  else if (options.sleep_ms > 0)
    cluster.run_for(milliseconds(options.sleep_ms));
  else if (!cluster.failed(loaded.name))
    try {
      cluster.wait_until_complete(loaded.name, hours(24 * 365));  // finite spouts end it; Ctrl-C too
    } catch (const TopologyError&) {
      // failed: said below
    }
  bool failed = cluster.failed(loaded.name);
  monitor.reset();  // before the topology goes: it reads the topology's metrics
  std::int64_t drain_secs = killed_wait_secs >= 0 ? killed_wait_secs.load() : options.drain_secs;
  if (killed_wait_secs >= 0) spdlog::info("killed from the UI");
  if (shutdown_requested() && !failed) spdlog::info("stopping: draining pending tuples for up to {} s", drain_secs);
  MetricsSnapshot metrics = cluster.kill_topology(loaded.name, seconds(drain_secs));
  std::cout << metrics.summary_table() << std::flush;
  if (failed) {
    std::cerr << "topology '" << loaded.name << "' failed: an executor stopped (the error is logged above)\n";
    return kRuntimeFailure;
  }
  return kOk;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("run", "run a topology file until its spouts are done, for a time, or until Ctrl-C");
  auto options = std::make_shared<RunOptions>();
  options->topology.add_to(*command);
  command->add_flag("--local", options->local, "run in this process (the default; accepted for Flux compatibility)");
  auto* duration = command->add_option("--duration", options->duration_secs, "stop after this many seconds");
  command->add_option("--sleep", options->sleep_ms, "stop after this many milliseconds (Flux's --sleep)")->excludes(duration);
  command->add_option("--stats-interval", options->stats_interval_secs, "seconds between progress lines (0 = none)");
  command->add_option("--drain", options->drain_secs, "seconds pending tuples get to complete when stopping")
      ->capture_default_str();
  options->ui.add_to(*command);
  command->callback([options, &exit_code] {
    try {
      exit_code = run(*options);
    } catch (const CLI::Error&) {
      throw;
    } catch (const std::exception& e) {
      spdlog::error("the topology failed: {}", e.what());
      exit_code = kRuntimeFailure;
    }
  });
}

}  // namespace squall::cli
