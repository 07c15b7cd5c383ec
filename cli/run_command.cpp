#include <charconv>
#include <filesystem>
#include <iostream>
#include <optional>

#include <spdlog/spdlog.h>

#include "commands.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/runtime/shutdown_signals.hpp"
#include "squall/web/monitor_server.hpp"

namespace squall::cli {

namespace {

struct RunOptions {
  TopologyOptions topology;
  bool local = false;
  double duration_secs = 0;
  std::int64_t sleep_ms = 0;
  double stats_interval_secs = -1;
  std::int64_t drain_secs = 30;
  std::string ui;  ///< [HOST:]PORT of the monitoring endpoint; empty: none
};

/// "[HOST:]PORT" → (host, port); the host defaults to loopback. Throws CLI::ValidationError.
std::pair<std::string, int> host_and_port(const std::string& text) {
  auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "127.0.0.1" : text.substr(0, colon);
  std::string port = colon == std::string::npos ? text : text.substr(colon + 1);
  int value = -1;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || value < 0 || value > 65535 || host.empty())
    throw CLI::ValidationError("--ui", "expected [HOST:]PORT, e.g. 8080 or 127.0.0.1:8080, not '" + text + "'");
  return {host, value};
}

int run(const RunOptions& options) {
  std::optional<std::pair<std::string, int>> ui;
  if (!options.ui.empty()) ui = host_and_port(options.ui);
  LoadOptions load = options.topology.load_options();
  if (options.stats_interval_secs >= 0)
    load.config_overrides.emplace_back(std::string(config_keys::kProgressIntervalSecs), options.stats_interval_secs);
  LoadedTopology loaded;
  try {
    loaded = load_topology_file(options.topology.file, load);
  } catch (const TopologyError& e) {
    std::cerr << e.what() << "\n";
    return kInvalidTopology;
  }
  install_shutdown_signal_handlers();
  LocalCluster cluster;
  // Workers (topology.workers > 1) are fresh squall processes that read the topology document.
  std::error_code no_proc;
  if (auto self = std::filesystem::read_symlink("/proc/self/exe", no_proc); !no_proc) cluster.use_worker_executable(self);
  cluster.submit_topology(loaded.name, loaded.config, std::move(loaded.topology));
  std::unique_ptr<web::MonitorServer> monitor;
  if (ui) {
    monitor = std::make_unique<web::MonitorServer>(ui->first, ui->second, [&cluster, name = loaded.name] {
      return std::vector<MetricsSnapshot>{cluster.metrics(name)};
    });
    spdlog::info("monitoring: {}metrics (Prometheus), {}api/v1/topology/{} (Storm UI's REST API)", monitor->url(),
                 monitor->url(), loaded.name);
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
  if (shutdown_requested() && !failed)
    spdlog::info("stopping: draining pending tuples for up to {} s", options.drain_secs);
  MetricsSnapshot metrics = cluster.kill_topology(loaded.name, seconds(options.drain_secs));
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
  command->add_option("--ui", options->ui,
                      "[HOST:]PORT to serve /metrics (Prometheus) and Storm UI's REST API (/api/v1/...) on; "
                      "HOST defaults to 127.0.0.1");
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
