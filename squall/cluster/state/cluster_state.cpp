#include "squall/cluster/state/cluster_state.hpp"

#include <spdlog/spdlog.h>

namespace squall::cluster {
namespace {

const char* const kFolders[] = {"/storms", "/assignments", "/supervisors", "/workerbeats", "/errors", "/nimbuses",
                                "/leader-lock", "/blobs", "/taskstate", "/metrics"};

std::string worker_beat_name(const std::string& host, int port) { return host + "-" + std::to_string(port); }

}  // namespace

ClusterState::ClusterState(ZkClient& zk, std::string root) : zk_(zk), root_(std::move(root)) {
  if (root_.empty() || root_.front() != '/') root_ = "/" + root_;
  while (root_.size() > 1 && root_.back() == '/') root_.pop_back();
}

void ClusterState::ensure_layout() {
  for (const char* folder : kFolders) zk_.ensure_path(root_ + folder);
}

template <typename Record>
std::optional<Record> ClusterState::read(const std::string& path) {
  auto node = zk_.get(path);
  if (!node) return std::nullopt;
  try {
    return nlohmann::json::parse(node->data).get<Record>();
  } catch (const std::exception& e) {
    spdlog::warn("zookeeper {}: not a valid record ({}); ignored", path, e.what());
    return std::nullopt;
  }
}

std::vector<std::string> ClusterState::topology_ids() { return zk_.children(root_ + "/storms"); }

std::optional<StormBase> ClusterState::storm(const std::string& id) { return read<StormBase>(root_ + "/storms/" + id); }

std::optional<StormBase> ClusterState::storm_by_name(const std::string& name) {
  for (const auto& id : topology_ids())
    if (auto s = storm(id); s && s->name == name && s->status != TopologyStatus::killed) return s;
  return std::nullopt;
}

void ClusterState::put_storm(const StormBase& storm) { zk_.put(root_ + "/storms/" + storm.id, nlohmann::json(storm).dump()); }

void ClusterState::remove_topology(const std::string& id) {
  for (const char* folder : {"/assignments/", "/workerbeats/", "/errors/", "/taskstate/", "/metrics/", "/storms/"})
    zk_.remove_recursive(root_ + folder + id);
}

std::optional<Assignment> ClusterState::assignment(const std::string& id) {
  return read<Assignment>(root_ + "/assignments/" + id);
}

void ClusterState::put_assignment(const Assignment& assignment) {
  zk_.put(root_ + "/assignments/" + assignment.topology_id, nlohmann::json(assignment).dump());
}

std::vector<SupervisorInfo> ClusterState::supervisors() {
  std::vector<SupervisorInfo> out;
  for (const auto& id : zk_.children(root_ + "/supervisors"))
    if (auto s = read<SupervisorInfo>(root_ + "/supervisors/" + id)) out.push_back(std::move(*s));
  return out;
}

void ClusterState::register_supervisor(const SupervisorInfo& info) {
  zk_.put(root_ + "/supervisors/" + info.id, nlohmann::json(info).dump(), ZkClient::Mode::ephemeral);
}

std::vector<NimbusInfo> ClusterState::nimbuses() {
  std::vector<NimbusInfo> out;
  for (const auto& name : zk_.children(root_ + "/nimbuses"))
    if (auto n = read<NimbusInfo>(root_ + "/nimbuses/" + name)) out.push_back(std::move(*n));
  return out;
}

void ClusterState::register_nimbus(const NimbusInfo& info) {
  zk_.put(root_ + "/nimbuses/" + info.host + ":" + std::to_string(info.port), nlohmann::json(info).dump(),
          ZkClient::Mode::ephemeral);
}

std::string ClusterState::join_leader_election(const NimbusInfo& info) {
  auto created = zk_.create(root_ + "/leader-lock/nimbus-", nlohmann::json(info).dump(),
                            ZkClient::Mode::ephemeral_sequential);
  return created ? created->substr(created->rfind('/') + 1) : std::string();
}

std::optional<std::pair<std::string, NimbusInfo>> ClusterState::leader() {
  // Sequence numbers are zero-padded to ten digits, so the sorted names put the lowest first.
  for (const auto& name : zk_.children(root_ + "/leader-lock"))
    if (auto info = read<NimbusInfo>(root_ + "/leader-lock/" + name)) return std::make_pair(name, std::move(*info));
  return std::nullopt;
}

void ClusterState::put_worker_beat(const WorkerBeat& beat) {
  zk_.put(root_ + "/workerbeats/" + beat.topology_id + "/" + worker_beat_name(beat.host, beat.port),
          nlohmann::json(beat).dump());
}

std::vector<WorkerBeat> ClusterState::worker_beats(const std::string& topology_id) {
  std::vector<WorkerBeat> out;
  auto folder = root_ + "/workerbeats/" + topology_id;
  for (const auto& name : zk_.children(folder))
    if (auto b = read<WorkerBeat>(folder + "/" + name)) out.push_back(std::move(*b));
  return out;
}

void ClusterState::remove_worker_beat(const std::string& topology_id, const std::string& host, int port) {
  zk_.remove_recursive(root_ + "/workerbeats/" + topology_id + "/" + worker_beat_name(host, port));
}

void ClusterState::put_metrics(const std::string& topology_id, const std::string& supervisor_id, const std::string& bytes) {
  zk_.ensure_path(root_ + "/metrics/" + topology_id);
  zk_.put(root_ + "/metrics/" + topology_id + "/" + supervisor_id, bytes);
}

std::vector<std::string> ClusterState::metrics(const std::string& topology_id) {
  std::vector<std::string> out;
  auto folder = root_ + "/metrics/" + topology_id;
  if (!zk_.exists(folder)) return out;
  for (const auto& name : zk_.children(folder))
    if (auto node = zk_.get(folder + "/" + name)) out.push_back(std::move(node->data));
  return out;
}

void ClusterState::put_task_state(const std::string& topology_id, const std::string& file_name, const std::string& bytes) {
  zk_.ensure_path(root_ + "/taskstate/" + topology_id);
  zk_.put(root_ + "/taskstate/" + topology_id + "/" + file_name, bytes);
}

std::vector<std::pair<std::string, std::string>> ClusterState::task_states(const std::string& topology_id) {
  std::vector<std::pair<std::string, std::string>> out;
  auto folder = root_ + "/taskstate/" + topology_id;
  if (!zk_.exists(folder)) return out;
  for (const auto& name : zk_.children(folder))
    if (auto node = zk_.get(folder + "/" + name)) out.emplace_back(name, std::move(node->data));
  return out;
}

void ClusterState::add_error(const std::string& topology_id, const std::string& component, const ErrorInfo& error) {
  auto path = root_ + "/errors/" + topology_id + "/" + component;
  zk_.ensure_path(root_ + "/errors/" + topology_id);
  std::vector<ErrorInfo> kept;
  if (auto current = read<std::vector<ErrorInfo>>(path)) kept = std::move(*current);
  kept.push_back(error);
  if (kept.size() > kErrorsKept) kept.erase(kept.begin(), kept.end() - static_cast<std::ptrdiff_t>(kErrorsKept));
  zk_.put(path, nlohmann::json(kept).dump());
}

std::map<std::string, std::vector<ErrorInfo>> ClusterState::errors(const std::string& topology_id) {
  std::map<std::string, std::vector<ErrorInfo>> out;
  auto folder = root_ + "/errors/" + topology_id;
  if (!zk_.exists(folder)) return out;
  for (const auto& component : zk_.children(folder))
    if (auto kept = read<std::vector<ErrorInfo>>(folder + "/" + component)) out[component] = std::move(*kept);
  return out;
}

}  // namespace squall::cluster
