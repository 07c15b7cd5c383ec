#include "cluster_monitor_target.hpp"

#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/errors.hpp"
#include "squall/cluster/nimbus/nimbus.hpp"
#include "squall/runtime/workers/worker_report.hpp"

namespace squall::cli {

ClusterMonitorTarget::ClusterMonitorTarget(cluster::ClusterState& state, std::string secret)
    : state_(state), secret_(std::move(secret)) {}

std::vector<MetricsSnapshot> ClusterMonitorTarget::snapshots() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricsSnapshot> out;
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  for (const auto& id : state_.topology_ids()) {
    auto storm = state_.storm(id);
    if (!storm || storm->status == cluster::TopologyStatus::killed) continue;
    std::vector<runtime::TaskRecord> records;
    std::uint64_t pending = 0, malformed = 0, refused = 0;
    for (const auto& bytes : state_.metrics(id)) {
      try {
        auto report = runtime::decode_report(bytes);
        records.insert(records.end(), report.tasks.begin(), report.tasks.end());
        pending += report.totals.pending;
        malformed += report.malformed_frames;
        refused += report.refused_peers;
      } catch (const DecodeError& e) {
        spdlog::warn("ui: metrics of {} in ZooKeeper: {}; skipped", id, e.what());
      }
    }
    auto m = runtime::snapshot_of(storm->name, static_cast<double>(std::max<std::int64_t>(0, now - storm->launch_time_secs)),
                                  pending, records);
    m.status = cluster::to_string(storm->status);
    m.workers = storm->workers;
    m.malformed_frames = malformed;
    m.refused_peers = refused;
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<web::TopologyGraph> ClusterMonitorTarget::graph(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto storm = state_.storm_by_name(name);
  if (!storm) return std::nullopt;
  if (auto it = graphs_.find(storm->document_blob); it != graphs_.end()) return it->second;
  try {
    auto document = cluster::NimbusClient(state_, secret_).get_blob(storm->document_blob);
    auto graph = web::graph_of_document(nlohmann::json::parse(document));
    return graphs_[storm->document_blob] = std::move(graph);
  } catch (const std::exception& e) {
    spdlog::warn("ui: the document of {}: {}", name, e.what());
    return std::nullopt;
  }
}

void ClusterMonitorTarget::act(const std::string& name, const std::string& action) const {
  std::lock_guard lock(mutex_);
  try {
    cluster::NimbusClient(state_, secret_).post(fmt::format("/api/v1/topology/{}/{}", name, action));
  } catch (const cluster::NimbusError& e) {
    if (e.status == 404) throw TopologyError(e.what());
    throw;
  }
}

void ClusterMonitorTarget::activate(const std::string& name) { act(name, "activate"); }
void ClusterMonitorTarget::deactivate(const std::string& name) { act(name, "deactivate"); }
void ClusterMonitorTarget::kill(const std::string& name, int wait_secs) { act(name, fmt::format("kill/{}", wait_secs)); }
void ClusterMonitorTarget::rebalance(const std::string& name, int wait_secs) {
  act(name, fmt::format("rebalance/{}", wait_secs));
}

}  // namespace squall::cli
