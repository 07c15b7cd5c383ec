// `squall submit`, `list`, `kill`, `activate`, `deactivate`, `rebalance`: Storm's client commands,
// sent to the leader Nimbus found through ZooKeeper.
#include <charconv>
#include <iostream>

#include <fmt/format.h>
#include <fmt/chrono.h>
#include <fmt/ranges.h>

#include "cluster_options.hpp"
#include "commands.hpp"
#include "squall/cluster/client/submitter.hpp"
#include "squall/cluster/nimbus/nimbus.hpp"

namespace squall::cli {
namespace {

/// Runs a client command: its errors are printed and become exit codes.
template <typename Body>
void client_call(int& exit_code, Body body) {
  try {
    body();
    exit_code = kOk;
  } catch (const TopologyError& e) {
    std::cerr << e.what() << "\n";
    exit_code = kInvalidTopology;
  } catch (const std::exception& e) {
    std::cerr << "squall: " << e.what() << "\n";
    exit_code = kRuntimeFailure;
  }
}

std::string uptime(std::int64_t secs) {
  return fmt::format("{}d {}h {}m {}s", secs / 86400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
}

struct NamedOptions {
  ClusterOptions cluster;
  std::string name;
  double wait_secs = 30;
  int workers = 0;                     ///< rebalance -n; 0 = unchanged
  std::vector<std::string> executors;  ///< rebalance -e COMPONENT=N
};

/// Storm UI's rebalanceOptions from -n and -e. Throws std::invalid_argument for an -e that is
/// not COMPONENT=N, or when neither is given.
nlohmann::json rebalance_options_json(int workers, const std::vector<std::string>& executors) {
  nlohmann::json options = nlohmann::json::object();
  if (workers > 0) options["numWorkers"] = workers;
  for (const auto& e : executors) {
    auto eq = e.rfind('=');
    int count = 0;
    auto digits = eq == std::string::npos ? std::string_view() : std::string_view(e).substr(eq + 1);
    auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (eq == 0 || eq == std::string::npos || error != std::errc() || end != digits.data() + digits.size() || count < 1)
      throw std::invalid_argument(fmt::format("-e '{}': write COMPONENT=N, N a whole number of executors", e));
    options["executors"][e.substr(0, eq)] = count;
  }
  if (options.empty()) throw std::invalid_argument("rebalance: give -n WORKERS, -e COMPONENT=N, or both");
  return options;
}

void print_list(const nlohmann::json& summary) {
  const auto& topologies = summary.at("topologies");
  if (topologies.empty()) {
    std::cout << "No topologies running.\n";
    return;
  }
  std::cout << fmt::format("{:<24} {:<12} {:>9} {:>9} {:>16}  {}\n", "Topology_name", "Status", "Workers", "Executors",
                           "Uptime", "Slots");
  for (const auto& t : topologies)
    std::cout << fmt::format("{:<24} {:<12} {:>9} {:>9} {:>16}  {}\n", t.at("name").get<std::string>(),
                             t.at("status").get<std::string>(), t.at("workers").get<int>(),
                             t.at("executors").get<int>(), uptime(t.at("uptime_secs").get<std::int64_t>()),
                             fmt::join(t.at("slots").get<std::vector<std::string>>(), " "));
}

}  // namespace

void add_submit_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("submit", "submit a topology file to the cluster (Storm's `storm jar`, Flux --remote)");
  auto topology = std::make_shared<TopologyOptions>();
  auto cluster = std::make_shared<ClusterOptions>();
  topology->add_to(*command);
  cluster->add_to(*command);
  command->callback([topology, cluster, &exit_code] {
    client_call(exit_code, [&] {
      auto loaded = load_topology_file(topology->file, topology->load_options());  // file:line:col before anything is sent
      apply_command_line_defaults(loaded.config);
      ClusterConnection connection(cluster->settings());
      auto id = cluster::submit_topology(connection.nimbus(),
                                         {loaded.name, loaded.config, std::move(loaded.topology)});
      std::cout << "Submitted topology " << loaded.name << " as " << id << "\n";
    });
  });
}

void add_list_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("list", "the cluster's topologies: status, workers, uptime");
  auto cluster = std::make_shared<ClusterOptions>();
  cluster->add_to(*command);
  command->callback([cluster, &exit_code] {
    client_call(exit_code, [&] {
      ClusterConnection connection(cluster->settings());
      print_list(connection.nimbus().get("/api/v1/topology/summary"));
    });
  });
}

void add_errors_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("errors", "a topology's last errors per component (Storm UI's component errors)");
  auto cluster = std::make_shared<ClusterOptions>();
  auto name = std::make_shared<std::string>();
  cluster->add_to(*command);
  command->add_option("name", *name, "the topology's name")->required();
  command->callback([cluster, name, &exit_code] {
    client_call(exit_code, [&] {
      ClusterConnection connection(cluster->settings());
      auto errors = connection.nimbus().get("/api/v1/topology/" + *name + "/errors");
      if (errors.empty()) std::cout << "No errors.\n";
      for (const auto& [component, kept] : errors.items())
        for (const auto& e : kept)
          std::cout << fmt::format("{} {} task {} on {}: {}\n", component,
                                   fmt::format("{:%Y-%m-%d %H:%M:%S}", fmt::localtime(e.at("time_ms").get<std::int64_t>() / 1000)),
                                   e.at("task").get<int>(), e.at("host").get<std::string>(), e.at("error").get<std::string>());
    });
  });
}

void add_topology_action_commands(CLI::App& app, int& exit_code) {
  struct Action {
    const char* name;
    const char* help;
  };
  for (auto [name, help] : {Action{"kill", "deactivate a topology, wait -w seconds, then stop its workers"},
                            Action{"activate", "activate a topology's spouts"},
                            Action{"deactivate", "deactivate a topology's spouts (Spout::deactivate)"},
                            Action{"rebalance", "spread a topology's executors over -n workers, or run a "
                                                "component on -e COMPONENT=N executors"}}) {
    auto* command = app.add_subcommand(name, help);
    auto o = std::make_shared<NamedOptions>();
    o->cluster.add_to(*command);
    command->add_option("name", o->name, "the topology's name")->required();
    std::string action = name;
    if (action == "kill" || action == "rebalance")
      command->add_option("-w,--wait", o->wait_secs, "seconds between deactivation and the change")->capture_default_str();
    if (action == "rebalance") {
      command->add_option("-n,--num-workers", o->workers, "the new number of workers");
      command->add_option("-e,--executors", o->executors,
                          "COMPONENT=N: run the component on N executors (at most its numTasks); repeatable");
    }
    command->callback([o, action, &exit_code] {
      client_call(exit_code, [&] {
        ClusterConnection connection(o->cluster.settings());
        auto nimbus = connection.nimbus();
        std::string path = "/api/v1/topology/" + o->name + "/" + action;
        if (action == "kill") path += fmt::format("/{}", o->wait_secs);
        nlohmann::json body = nlohmann::json::object();
        if (action == "rebalance") {
          path += fmt::format("/{}", o->wait_secs);
          body = {{"rebalanceOptions", rebalance_options_json(o->workers, o->executors)}};
        }
        nimbus.post(path, body);
        std::cout << fmt::format("{}: {} done\n", o->name, action);
      });
    });
  }
}

}  // namespace squall::cli
