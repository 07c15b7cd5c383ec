// `squall ui`: Storm's UI daemon for a cluster: the live UI, Storm UI's REST API and /metrics of
// every topology the cluster runs, until SIGINT/SIGTERM.
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "cluster_monitor_target.hpp"
#include "cluster_options.hpp"
#include "commands.hpp"
#include "squall/runtime/shutdown_signals.hpp"
#include "ui_options.hpp"

namespace squall::cli {

void add_ui_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("ui", "serve the UI, Storm UI's REST API and /metrics of a cluster's topologies "
                                           "(Storm's `storm ui`), until Ctrl-C");
  struct Options {
    ClusterOptions cluster;
    UiOptions ui;
  };
  auto o = std::make_shared<Options>();
  o->cluster.add_to(*command, "--config,--cluster-config");
  o->ui.add_to(*command, "8080");  // Storm's ui.port
  command->callback([o, &exit_code] {
    try {
      auto settings = o->ui.settings();
      install_shutdown_signal_handlers();
      ClusterConnection connection(o->cluster.settings());
      ClusterMonitorTarget target(*connection.state, connection.secret);
      web::MonitorServer server(settings, target);
      log_ui_address(server, settings, "");
      while (!shutdown_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      spdlog::info("ui: stopping");
      exit_code = kOk;
    } catch (const CLI::Error&) {
      throw;
    } catch (const std::exception& e) {
      std::cerr << "squall ui: " << e.what() << "\n";
      exit_code = kRuntimeFailure;
    }
  });
}

}  // namespace squall::cli
