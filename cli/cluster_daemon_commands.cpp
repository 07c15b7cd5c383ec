// `squall nimbus` and `squall supervisor`: the cluster's daemons, running until SIGINT/SIGTERM.
#include <filesystem>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "cluster_options.hpp"
#include "commands.hpp"
#include "squall/cluster/nimbus/nimbus.hpp"
#include "squall/cluster/supervisor/cluster_supervisor.hpp"
#include "squall/runtime/shutdown_signals.hpp"

namespace squall::cli {
namespace {

struct DaemonOptions {
  ClusterOptions cluster;
  std::string host;
  int port = 0;
  std::string slots;
  std::string local_dir;
};

/// The settings with the daemon's own flags applied over the file's.
cluster::ClusterSettings daemon_settings(const DaemonOptions& o) {
  auto s = o.cluster.settings();
  if (!o.host.empty()) s.host = o.host;
  if (o.port > 0) s.nimbus_port = o.port;
  if (!o.local_dir.empty()) s.local_dir = o.local_dir;
  if (!o.slots.empty()) {
    // "6700-6703" or "6700,6701"
    std::string list = o.slots;
    if (auto dash = list.find('-'); dash != std::string::npos) {
      int first = std::stoi(list.substr(0, dash)), last = std::stoi(list.substr(dash + 1));
      list.clear();
      for (int p = first; p <= last; ++p) list += (list.empty() ? "" : ",") + std::to_string(p);
    }
    s.set("supervisor.slots.ports", list);
  }
  return s;
}

void wait_for_signal() {
  while (!shutdown_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

void add_common(CLI::App& command, DaemonOptions& o) {
  o.cluster.add_to(command, "--config,--cluster-config");
  command.add_option("--host", o.host, "address to bind and advertise (storm.local.hostname; default 127.0.0.1)");
  command.add_option("--local-dir", o.local_dir, "where blobs and run directories live (storm.local.dir)");
}

template <typename Body>
void run_daemon(int& exit_code, const char* what, Body body) {
  try {
    install_shutdown_signal_handlers();
    body();
    exit_code = kOk;
  } catch (const std::exception& e) {
    std::cerr << "squall " << what << ": " << e.what() << "\n";
    exit_code = kRuntimeFailure;
  }
}

}  // namespace

void add_nimbus_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("nimbus", "run a Nimbus of a cluster (leader-elected through ZooKeeper)");
  auto o = std::make_shared<DaemonOptions>();
  add_common(*command, *o);
  command->add_option("--port", o->port, "API port (nimbus.thrift.port; default 6627)")->check(CLI::Range(1, 65535));
  command->callback([o, &exit_code] {
    run_daemon(exit_code, "nimbus", [&] {
      cluster::Nimbus nimbus(daemon_settings(*o));
      wait_for_signal();
      spdlog::info("nimbus: stopping");
    });
  });
}

void add_supervisor_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("supervisor", "run a supervisor of a cluster: the workers Nimbus assigns to this host");
  auto o = std::make_shared<DaemonOptions>();
  add_common(*command, *o);
  command->add_option("--slots", o->slots, "worker ports, 6700-6703 or 6700,6701 (supervisor.slots.ports)");
  command->callback([o, &exit_code] {
    run_daemon(exit_code, "supervisor", [&] {
      auto self = std::filesystem::read_symlink("/proc/self/exe");
      cluster::ClusterSupervisor supervisor(daemon_settings(*o), self);
      wait_for_signal();
      spdlog::info("supervisor {}: stopping its workers", supervisor.id());
    });
  });
}

}  // namespace squall::cli
