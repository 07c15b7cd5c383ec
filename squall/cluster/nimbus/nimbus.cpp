#include "squall/cluster/nimbus/nimbus.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <zmq.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/version.hpp"
#include "squall/cluster/blobs/blob_reference.hpp"
#include "squall/cluster/client/nimbus_client.hpp"
#include "squall/cluster/nimbus/even_scheduler.hpp"
#include "squall/cluster/nimbus/nimbus_api.hpp"
#include "squall/runtime/plan/execution_plan.hpp"

namespace squall::cluster {

namespace {

/// Unix time in whole seconds at least `wait_secs` from now (kill -w, rebalance -w).
std::int64_t unix_secs_after(double wait_secs) {
  auto now = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  return static_cast<std::int64_t>(std::ceil(now + std::max(0.0, wait_secs)));
}

using Clock = std::chrono::steady_clock;

std::string daemon_name(const ClusterSettings& s) { return fmt::format("nimbus-{}-{}", s.host, s.nimbus_port); }

/// Links between workers authenticate unless the topology says otherwise: Nimbus makes the
/// topology's CURVE key pair, which its workers on every host share.
void ensure_topology_keys(nlohmann::json& config) {
  namespace k = config_keys;
  if (config.contains(std::string(k::kCurvePublicKey.name))) return;
  if (auto a = config.find(std::string(k::kMessagingAuthenticate.name)); a != config.end() && a->is_boolean() && !*a)
    return;
  char public_key[41] = {}, secret_key[41] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0)
    throw NimbusError(500, fmt::format("cannot make a CURVE key pair ({}); submit with -c {}=false to run "
                                       "without authentication", zmq_strerror(zmq_errno()), k::kMessagingAuthenticate.name));
  config[std::string(k::kCurvePublicKey.name)] = public_key;
  config[std::string(k::kCurveSecretKey.name)] = secret_key;
}

}  // namespace

Nimbus::Nimbus(ClusterSettings settings)
    : settings_(std::move(settings)),
      version_(SQUALL_VERSION_STRING),
      blobs_(settings_.local_dir_or_default(daemon_name(settings_)) / "blobs") {
  zk_ = std::make_unique<ZkClient>(settings_.zookeeper_servers, settings_.session_timeout, std::chrono::seconds(15),
                                   settings_.zookeeper_digest);
  state_ = std::make_unique<ClusterState>(*zk_, settings_.zookeeper_root);
  state_->ensure_layout();
  api_ = std::make_unique<Api>(*this, settings_.host, settings_.nimbus_port);
  NimbusInfo info{settings_.host, settings_.nimbus_port, version_, unix_secs()};
  state_->register_nimbus(info);
  election_node_ = state_->join_leader_election(info);
  spdlog::info("nimbus {}:{} up (zookeeper {}{}), blobs in {}", settings_.host, settings_.nimbus_port,
               settings_.zookeeper_servers, settings_.zookeeper_root,
               settings_.local_dir_or_default(daemon_name(settings_)).string());
  monitor_once();
  monitor_ = std::thread([this] { monitor(); });
}

Nimbus::~Nimbus() {
  stop();
  if (monitor_.joinable()) monitor_.join();
  api_.reset();
}

void Nimbus::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void Nimbus::wait() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return stopping_; });
}

void Nimbus::monitor() {
  auto period = std::chrono::duration<double>(settings_.nimbus_monitor_freq_secs);
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, period, [&] { return stopping_; })) {
    lock.unlock();
    monitor_once();
    lock.lock();
  }
}

void Nimbus::monitor_once() {
  try {
    if (zk_->expired()) {
      // A new session: the old one's registration and election node are gone.
      leader_ = false;
      zk_->reconnect(std::chrono::seconds(5));
      NimbusInfo info{settings_.host, settings_.nimbus_port, version_, unix_secs()};
      state_->register_nimbus(info);
      election_node_ = state_->join_leader_election(info);
      spdlog::warn("nimbus: the ZooKeeper session expired; reconnected and rejoined the leader election");
    }
    if (!zk_->connected()) {
      // Nothing is declared dead while ZooKeeper is away: absences count again from reconnect.
      absent_since_.clear();
      return;
    }
    auto leader = state_->leader();
    bool leading = leader && leader->first == election_node_;
    if (leading && !leader_) {
      spdlog::info("nimbus {}:{} is the leader", settings_.host, settings_.nimbus_port);
      absent_since_.clear();  // a new leader waits a whole task timeout before declaring anything dead
    }
    leader_ = leading;
    if (!leading) {
      if (leader) replicate_blobs(leader->second);
      return;
    }
    auto live = schedulable_supervisors();
    std::lock_guard lock(schedule_mutex_);
    schedule_all(live);
  } catch (const ZooKeeperError& e) {
    spdlog::warn("nimbus: {}", e.what());
  }
}

std::vector<SupervisorInfo> Nimbus::schedulable_supervisors() {
  std::vector<SupervisorInfo> live;
  std::lock_guard lock(refused_mutex_);
  for (auto& s : state_->supervisors()) {
    if (s.version == version_) {
      live.push_back(std::move(s));
    } else if (refused_versions_.insert(s.id + " " + s.version).second) {
      // Workers of two versions may not speak the same wire format: Storm refuses them too.
      spdlog::warn("nimbus: supervisor {} runs squall {}, this Nimbus {}: nothing is scheduled onto it until it runs "
                   "the same version", s.id, s.version, version_);
    }
  }
  return live;
}

void Nimbus::schedule_all(const std::vector<SupervisorInfo>& live) {
  auto now = Clock::now();
  std::set<std::string> live_ids;
  for (const auto& s : live) {
    live_ids.insert(s.id);
    absent_since_.erase(s.id);
  }
  auto timeout = std::chrono::duration<double>(settings_.nimbus_task_timeout_secs);
  std::map<std::string, Assignment> assignments;
  std::vector<StormBase> storms;
  for (const auto& id : state_->topology_ids()) {
    auto storm = state_->storm(id);
    if (!storm) continue;
    if (storm->status == TopologyStatus::killed && unix_secs() >= storm->kill_at_secs) {
      state_->remove_topology(id);
      spdlog::info("nimbus: topology {} killed; its workers stop", id);
      continue;
    }
    if (storm->status == TopologyStatus::rebalancing && unix_secs() >= storm->rebalance_at_secs) {
      // Storm's rebalance: after the wait, the new executors and worker count, and the status
      // it had before. New executors mean a new document: every worker of the topology restarts.
      if (!storm->rebalance_executors.empty()) {
        try {
          auto document = document_of(*storm);
          storm->executors += with_component_executors(document, storm->rebalance_executors);
          storm->document_blob = blobs_.put(document.dump());
        } catch (const std::exception& e) {
          spdlog::error("nimbus: rebalance of {}: cannot change its executors ({}); only its workers change", id, e.what());
        }
        storm->rebalance_executors.clear();
      }
      storm->workers = storm->rebalance_workers;
      storm->status = storm->status_before_rebalance;
      state_->put_storm(*storm);
    }
    if (auto a = state_->assignment(id)) assignments.emplace(id, std::move(*a));
    storms.push_back(std::move(*storm));
  }
  // A supervisor that held slots and is gone: dead after nimbus.task.timeout.secs; until then its
  // slots stay where they are and nothing new goes there.
  std::vector<SupervisorInfo> candidates = live;
  std::set<std::string> dead;
  for (const auto& [id, a] : assignments)
    for (const auto& slot : a.slots) {
      if (live_ids.count(slot.supervisor_id)) continue;
      auto [it, fresh] = absent_since_.emplace(slot.supervisor_id, now);
      if (now - it->second >= timeout) dead.insert(slot.supervisor_id);
    }
  for (const auto& storm : storms) {
    if (storm.status == TopologyStatus::killed) continue;
    const Assignment* current = assignments.count(storm.id) ? &assignments.at(storm.id) : nullptr;
    int workers = std::max(1, std::min(storm.workers, storm.executors));
    bool needed = !current || static_cast<int>(current->slots.size()) != workers ||
                  current->document_blob != storm.document_blob;
    if (current)
      for (const auto& slot : current->slots) needed = needed || dead.count(slot.supervisor_id);
    if (!needed) continue;
    std::vector<WorkerSlot> taken;
    for (const auto& [id, a] : assignments)
      if (id != storm.id) taken.insert(taken.end(), a.slots.begin(), a.slots.end());
    std::string why;
    auto next = schedule_evenly({storm.id, storm.document_blob, workers, storm.executors, current}, candidates, taken, why);
    if (!next) {
      spdlog::warn("nimbus: cannot schedule {}: {}", storm.id, why);
      continue;
    }
    for (const auto& slot : next->slots)
      spdlog::info("nimbus: {} worker {} → {} ({}:{})", storm.id, slot.worker, slot.supervisor_id, slot.host, slot.port);
    state_->put_assignment(*next);
    assignments[storm.id] = std::move(*next);
  }
}

nlohmann::json Nimbus::document_of(const StormBase& storm) const {
  auto text = blobs_.get(storm.document_blob);
  if (!text) throw NimbusError(503, fmt::format("this Nimbus does not hold the document of {} yet", storm.id));
  return nlohmann::json::parse(*text);
}

void Nimbus::require_leader() const {
  if (!leader_) throw NimbusError(503, "this Nimbus is not the leader (or has lost ZooKeeper); ask the leader");
}

StormBase Nimbus::live_storm(const std::string& name) {
  auto storm = state_->storm_by_name(name);
  if (!storm) throw NimbusError(404, fmt::format("no running topology is named '{}'", name));
  return *storm;
}

std::string Nimbus::submit(nlohmann::json document, int executors) {
  require_leader();
  if (!document.is_object() || !document.contains("name") || !document["name"].is_string() ||
      !document.contains("config") || !document["config"].is_object())
    throw NimbusError(400, "not a topology document");
  if (executors < 1) throw NimbusError(400, "a topology needs at least one executor");
  std::string name = document["name"];
  std::lock_guard lock(schedule_mutex_);
  if (state_->storm_by_name(name)) throw NimbusError(409, fmt::format("a topology named '{}' is already running; kill it first", name));
  auto& config = document["config"];
  ensure_topology_keys(config);
  StormBase storm;
  storm.name = name;
  storm.launch_time_secs = unix_secs();
  storm.id = fmt::format("{}-{}-{}", name, ++submitted_, storm.launch_time_secs);
  auto w = config.find(std::string(config_keys::kWorkers.name));
  storm.workers = w != config.end() && w->is_number_integer() ? std::max(1, w->get<int>()) : 1;
  storm.executors = executors;
  storm.document_blob = blobs_.put(document.dump());
  state_->put_storm(storm);
  spdlog::info("nimbus: submitted {} ({} workers, {} executors)", storm.id, storm.workers, storm.executors);
  schedule_all(schedulable_supervisors());
  return storm.id;
}

nlohmann::json Nimbus::list() {
  auto out = nlohmann::json::array();
  for (const auto& id : state_->topology_ids()) {
    auto storm = state_->storm(id);
    if (!storm) continue;
    auto a = state_->assignment(id);
    auto slots = nlohmann::json::array();
    if (a)
      for (const auto& s : a->slots) slots.push_back(fmt::format("{}:{}", s.host, s.port));
    out.push_back({{"id", storm->id}, {"name", storm->name}, {"status", to_string(storm->status)},
                   {"workers", storm->workers}, {"executors", storm->executors},
                   {"uptime_secs", unix_secs() - storm->launch_time_secs}, {"slots", slots}});
  }
  return out;
}

void Nimbus::kill(const std::string& name, double wait_secs) {
  require_leader();
  std::lock_guard lock(schedule_mutex_);
  auto storm = live_storm(name);
  storm.status = TopologyStatus::killed;
  storm.kill_at_secs = unix_secs_after(wait_secs);
  state_->put_storm(storm);
  spdlog::info("nimbus: killing {} (its spouts are deactivated; workers stop in {} s)", storm.id, wait_secs);
}

void Nimbus::set_active(const std::string& name, bool active) {
  require_leader();
  std::lock_guard lock(schedule_mutex_);
  auto storm = live_storm(name);
  storm.status = active ? TopologyStatus::active : TopologyStatus::inactive;
  state_->put_storm(storm);
}

void Nimbus::rebalance(const std::string& name, const RebalanceOptions& options, double wait_secs) {
  require_leader();
  if (options.workers && *options.workers < 1) throw NimbusError(400, "rebalance -n needs at least one worker");
  std::lock_guard lock(schedule_mutex_);
  auto storm = live_storm(name);
  if (storm.status == TopologyStatus::rebalancing) throw NimbusError(409, fmt::format("'{}' is rebalancing already", name));
  if (!options.executors.empty()) {
    // Checked now, so that the command fails rather than the rebalance later.
    auto document = document_of(storm);
    (void)with_component_executors(document, options.executors);
  }
  storm.status_before_rebalance = storm.status;
  storm.status = TopologyStatus::rebalancing;
  storm.rebalance_workers = options.workers.value_or(storm.workers);
  storm.rebalance_executors = options.executors;
  storm.rebalance_at_secs = unix_secs_after(wait_secs);
  state_->put_storm(storm);
  spdlog::info("nimbus: rebalancing {} onto {} workers{} in {} s (its spouts are deactivated meanwhile)", storm.id,
               storm.rebalance_workers, options.executors.empty() ? "" : fmt::format(", executors {}", nlohmann::json(options.executors).dump()),
               wait_secs);
}

int Nimbus::with_component_executors(nlohmann::json& document, const std::map<std::string, int>& executors) {
  int change = 0;
  for (const auto& [id, count] : executors) {
    auto& components = document.at("components");
    auto c = std::find_if(components.begin(), components.end(), [&](const nlohmann::json& x) { return x.at("id") == id; });
    if (c == components.end()) throw NimbusError(400, fmt::format("rebalance -e: the topology has no component '{}'", id));
    int tasks = c->at("tasks").get<int>();
    if (count < 1 || count > tasks)
      throw NimbusError(400, fmt::format("rebalance -e {}={}: '{}' has {} task{}, so it runs on 1 to {} executors (its "
                                         "tasks are fixed at submit: give it numTasks to grow it later)",
                                         id, count, id, tasks, tasks == 1 ? "" : "s", tasks));
    change += count - runtime::ExecutionPlan::executors_of(c->at("parallelism").get<int>(), tasks);
    (*c)["parallelism"] = count;
  }
  return change;
}

nlohmann::json Nimbus::errors(const std::string& name) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [component, kept] : state_->errors(live_storm(name).id)) out[component] = kept;
  return out;
}

nlohmann::json Nimbus::describe() const {
  return {{"host", settings_.host}, {"port", settings_.nimbus_port}, {"version", version_}, {"leader", leader_.load()}};
}

void Nimbus::replicate_blobs(const NimbusInfo& leader) {
  NimbusClient client(leader.host, leader.port, settings_.zookeeper_digest);
  auto fetch = [&](const std::string& key) {
    if (!blobs_.has(key)) blobs_.put(client.get_blob(key));  // get_blob checks the SHA-256
  };
  for (const auto& id : state_->topology_ids()) {
    auto storm = state_->storm(id);
    if (!storm || replicated_.count(storm->document_blob)) continue;
    try {
      fetch(storm->document_blob);
      // The plugins and files the document names (blob:<key>/<name>), wherever they are in it.
      auto document = document_of(*storm);
      visit_blob_references(document, [&](nlohmann::json&, const BlobReference& blob) { fetch(blob.key); });
      replicated_.insert(storm->document_blob);
      spdlog::info("nimbus {}:{}: holds the blobs of {} (a standby, ready to lead)", settings_.host,
                   settings_.nimbus_port, id);
    } catch (const std::exception& e) {
      spdlog::warn("nimbus: cannot copy the blobs of {} from the leader yet: {}", id, e.what());
    }
  }
}

}  // namespace squall::cluster
