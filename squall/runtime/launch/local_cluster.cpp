#include "squall/runtime/local_cluster.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "squall/api/errors.hpp"
#include "squall/api/registry/topology_json.hpp"
#include "squall/runtime/local/topology_run.hpp"
#include "squall/runtime/shutdown_signals.hpp"
#include "squall/runtime/workers/supervisor.hpp"
#include "squall/state/add_checkpointing.hpp"

namespace squall {
namespace {

// Polls `done` every few ms until it holds, the deadline passes or a shutdown is requested.
template <typename Done>
bool wait_for(Done done, std::chrono::steady_clock::time_point deadline) {
  while (!shutdown_requested()) {
    if (done()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

}  // namespace

LocalCluster::LocalCluster() {
  // Create spdlog's registry here, before any executor thread exists, rather than lazily on
  // whichever executor logs first.
  (void)spdlog::default_logger_raw();
}
LocalCluster::~LocalCluster() {
  for (auto& [name, run] : runs_) run->stop();
}

void LocalCluster::submit_topology(const std::string& name, const Config& config, Topology topology) {
  if (runs_.count(name)) throw TopologyError(fmt::format("a topology named '{}' is already running", name));
  if (auto guarantee = state::state_guarantee(topology); !guarantee.empty()) {
    if (state::has_exactly_once_state(topology)) spdlog::info("[{}] {}", name, guarantee);
    else spdlog::warn("[{}] {}", name, guarantee);
  }
  if (config.get(config_keys::kWorkers) > 1) {
    std::filesystem::path executable = worker_executable_;
    if (auto reason = why_not_serializable(topology); !executable.empty() && !reason.empty()) {
      spdlog::info("[{}] workers are forked, not exec'd: {}", name, reason);
      executable.clear();
    }
    runs_.emplace(name, std::make_unique<runtime::Supervisor>(name, config, std::move(topology), executable));
  } else {
    runs_.emplace(name, std::make_unique<runtime::TopologyRun>(name, config, std::move(topology)));
  }
  spdlog::info("[{}] submitted", name);
}

runtime::RunningTopology& LocalCluster::find(const std::string& name) const {
  auto it = runs_.find(name);
  if (it == runs_.end()) throw TopologyError(fmt::format("no topology named '{}' is running", name));
  return *it->second;
}

bool LocalCluster::wait_until_complete(const std::string& name, std::chrono::milliseconds timeout) {
  auto& run = find(name);
  // What the wait saw, not a second look: a topology with state goes on checkpointing after its
  // spouts are done, so completion can hold at one look and not at the next.
  bool complete = false;
  wait_for([&] { return run.failed() || (complete = run.complete()); }, std::chrono::steady_clock::now() + timeout);
  if (run.failed()) throw TopologyError(fmt::format("topology '{}' failed: an executor stopped (see the log)", name));
  return complete;
}

void LocalCluster::run_for(std::chrono::milliseconds duration) {
  auto any_failed = [this] {
    return std::any_of(runs_.begin(), runs_.end(), [](const auto& run) { return run.second->failed(); });
  };
  wait_for(any_failed, std::chrono::steady_clock::now() + duration);
}

bool LocalCluster::failed(const std::string& name) const { return find(name).failed(); }

MetricsSnapshot LocalCluster::kill_topology(const std::string& name, std::chrono::milliseconds drain_timeout) {
  auto& run = find(name);
  if (drain_timeout.count() > 0 && !run.failed()) {  // a stopped executor's queue never drains
    run.deactivate();
    auto deadline = std::chrono::steady_clock::now() + drain_timeout;
    while (!run.drained() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  MetricsSnapshot final = run.stop();
  runs_.erase(name);
  spdlog::info("[{}] stopped", name);
  spdlog::debug("[{}] final metrics\n{}", name, final.summary_table());
  return final;
}

MetricsSnapshot LocalCluster::metrics(const std::string& name) const {
  auto& run = find(name);
  MetricsSnapshot m = run.metrics();
  m.status = run.active() ? "ACTIVE" : "INACTIVE";
  return m;
}

void LocalCluster::activate(const std::string& name) { find(name).activate(); }

void LocalCluster::deactivate(const std::string& name) { find(name).deactivate(); }

}  // namespace squall

namespace squall {
std::vector<int> LocalCluster::worker_pids(const std::string& name) const {
  auto& run = find(name);
  if (auto* supervisor = dynamic_cast<runtime::Supervisor*>(&run)) return supervisor->worker_pids();
  return {static_cast<int>(::getpid())};
}
}  // namespace squall
