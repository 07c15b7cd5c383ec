#include "squall/cluster/supervisor/cluster_supervisor.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/registry/topology_json.hpp"
#include "squall/api/version.hpp"
#include "squall/cluster/client/nimbus_client.hpp"
#include "squall/runtime/transport/endpoints.hpp"
#include "squall/runtime/workers/supervisor.hpp"
#include "squall/runtime/workers/worker_report.hpp"

namespace squall::cluster {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kNotAssigned = "no longer assigned here";
constexpr const char* kSessionExpired = "the ZooKeeper session expired";

std::string supervisor_id(const ClusterSettings& s) {
  return fmt::format("{}-{}", s.host, *std::min_element(s.supervisor_slots.begin(), s.supervisor_slots.end()));
}

std::vector<int> workers_of(const Assignment& a, const std::string& id) {
  std::vector<int> mine;
  for (const auto& slot : a.slots)
    if (slot.supervisor_id == id) mine.push_back(slot.worker);
  return mine;
}

bool same_placement(const Assignment& a, const Assignment& b) {
  return a.slots == b.slots && a.executor_endpoints == b.executor_endpoints && a.document_blob == b.document_blob;
}

}  // namespace

ClusterSupervisor::ClusterSupervisor(ClusterSettings settings, std::filesystem::path worker_executable)
    : settings_(std::move(settings)),
      worker_executable_(std::move(worker_executable)),
      local_dir_(settings_.local_dir_or_default("supervisor-" + supervisor_id(settings_))),
      id_(supervisor_id(settings_)),
      blobs_(local_dir_ / "blobs") {
  zk_ = std::make_unique<ZkClient>(settings_.zookeeper_servers, settings_.session_timeout, std::chrono::seconds(15),
                                   settings_.zookeeper_digest);
  state_ = std::make_unique<ClusterState>(*zk_, settings_.zookeeper_root);
  state_->ensure_layout();
  register_self();
  spdlog::info("supervisor {} up: host {}, slots {}, zookeeper {}{}, local dir {}", id_, settings_.host,
               fmt::join(settings_.supervisor_slots, ","), settings_.zookeeper_servers, settings_.zookeeper_root,
               local_dir_.string());
  sync_ = std::thread([this] { sync_loop(); });
}

ClusterSupervisor::~ClusterSupervisor() {
  stop();
  if (sync_.joinable()) sync_.join();  // it stops the workers on its way out
}

void ClusterSupervisor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
}

void ClusterSupervisor::wait() {
  std::unique_lock lock(mutex_);
  wake_.wait(lock, [&] { return stopping_; });
}

void ClusterSupervisor::register_self() {
  state_->register_supervisor(
      SupervisorInfo{id_, settings_.host, settings_.supervisor_slots, SQUALL_VERSION_STRING, unix_secs()});
}

void ClusterSupervisor::sync_loop() {
  auto period = std::chrono::duration<double>(settings_.supervisor_monitor_freq_secs);
  std::unique_lock lock(mutex_);
  do {
    lock.unlock();
    try {
      sync_once();
    } catch (const ZooKeeperError& e) {
      spdlog::warn("supervisor {}: {}; the workers keep running", id_, e.what());
    }
    lock.lock();
  } while (!wake_.wait_for(lock, period, [&] { return stopping_; }));
  lock.unlock();
  // Here, on the thread that started them: each run's fork server dies with the thread that
  // forked it (PR_SET_PDEATHSIG is per thread), and would take its workers down unstopped.
  stop_all("the supervisor stops");
}

void ClusterSupervisor::sync_once() {
  if (zk_->expired()) {
    // Nimbus may already have given these workers' slots to another host: the same tasks must
    // not run twice, so they stop now, before the new session is made.
    stop_all(kSessionExpired);
    zk_->reconnect(std::chrono::seconds(5));
    register_self();
    spdlog::warn("supervisor {}: new ZooKeeper session; registered again", id_);
  }
  if (!zk_->connected()) return;  // ZooKeeper away: the workers keep running as assigned
  if (!zk_->exists(state_->path("/supervisors/" + id_))) register_self();
  if (auto leader = state_->leader(); leader && leader->second.version != SQUALL_VERSION_STRING &&
                                      leader->second.version != nimbus_version_warned_) {
    nimbus_version_warned_ = leader->second.version;
    spdlog::warn("supervisor {}: the leader Nimbus runs squall {}, this supervisor {}: it schedules nothing here; "
                 "run the same version on every host", id_, leader->second.version, SQUALL_VERSION_STRING);
  }

  std::map<std::string, Assignment> assigned;
  for (const auto& topology_id : zk_->children(state_->path("/assignments")))
    if (auto a = state_->assignment(topology_id); a && !workers_of(*a, id_).empty())
      assigned.emplace(topology_id, std::move(*a));
  for (auto it = runs_.begin(); it != runs_.end();) {
    auto a = assigned.find(it->first);
    auto next = std::next(it);
    if (a == assigned.end()) stop_run(it->first, kNotAssigned);
    else if (!same_placement(a->second, it->second.assignment) && !follow_reassignment(it->first, it->second, a->second))
      stop_run(it->first, "reassigned");
    it = next;
  }
  for (const auto& [topology_id, assignment] : assigned) {
    if (!runs_.count(topology_id)) {
      auto retry = retry_after_.find(topology_id);
      if (retry != retry_after_.end() && Clock::now() < retry->second) continue;
      start_run(topology_id, assignment, workers_of(assignment, id_));
    }
    auto run = runs_.find(topology_id);
    if (run == runs_.end()) continue;
    run->second.task_state->upload_changes();
    publish_errors(topology_id, run->second);
    state_->put_metrics(topology_id, id_, runtime::encode_report(run->second.supervisor->merged_report()));
    auto storm = state_->storm(topology_id);
    if (storm && storm->status == TopologyStatus::active) run->second.supervisor->activate();
    else run->second.supervisor->deactivate();
    for (int worker : run->second.workers) {
      const auto& slot = assignment.slots[static_cast<std::size_t>(worker)];
      state_->put_worker_beat(WorkerBeat{topology_id, worker, slot.host, slot.port, unix_secs(),
                                         std::chrono::duration<double>(Clock::now() - run->second.started).count()});
    }
  }
}

bool ClusterSupervisor::follow_reassignment(const std::string& topology_id, Run& run, const Assignment& next) {
  const auto& now = run.assignment;
  if (next.document_blob != now.document_blob || next.slots.size() != now.slots.size()) return false;
  auto mine = workers_of(next, id_);
  std::set<int> gained, lost;
  for (int w : mine)
    if (std::find(run.workers.begin(), run.workers.end(), w) == run.workers.end()) gained.insert(w);
    else if (!(next.slots[static_cast<std::size_t>(w)] == now.slots[static_cast<std::size_t>(w)]))
      return false;  // same host, another port: its inbox must bind anew
  for (int w : run.workers)
    if (std::find(mine.begin(), mine.end(), w) == mine.end()) lost.insert(w);
  auto tasks_of = [&](const std::set<int>& workers) {
    std::set<int> tasks;
    for (int w : workers) {
      const auto& t = run.supervisor->tasks_of_worker(w);
      tasks.insert(t.begin(), t.end());
    }
    return tasks;
  };
  try {
    run.task_state->release_tasks(tasks_of(lost));
    run.task_state->restore_tasks(tasks_of(gained));  // before their worker starts here
    run.supervisor->reassign(next.executor_endpoints, mine);
  } catch (const std::exception& e) {
    spdlog::warn("supervisor {}: cannot follow the new assignment of {} in place ({}); restarting its workers", id_,
                 topology_id, e.what());
    return false;
  }
  for (int w : lost) {
    const auto& slot = now.slots[static_cast<std::size_t>(w)];
    state_->remove_worker_beat(topology_id, slot.host, slot.port);
  }
  spdlog::info("supervisor {}: followed the new assignment of {}: workers {} here (gained {}, lost {}); the others "
               "reconnect to moved executors", id_, topology_id, fmt::join(mine, ","), fmt::join(gained, ","),
               fmt::join(lost, ","));
  run.assignment = next;
  run.workers = std::move(mine);
  return true;
}

std::string ClusterSupervisor::fetch_blob(const std::string& key) {
  if (auto local = blobs_.get(key)) return *local;
  auto bytes = NimbusClient(*state_, settings_.zookeeper_digest).get_blob(key);
  if (blobs_.put(bytes) != key) throw std::runtime_error("blob " + key + " arrived with other content; not used");
  return bytes;
}

std::filesystem::path ClusterSupervisor::local_copy(const BlobReference& blob) {
  auto path = local_dir_ / "files" / blob.key / blob.file_name;
  if (!std::filesystem::exists(path)) {
    std::filesystem::create_directories(path.parent_path());
    if (!blobs_.has(blob.key)) fetch_blob(blob.key);  // downloaded, checked, stored
    auto partial = path;
    partial += ".partial";
    std::filesystem::copy_file(blobs_.path_of(blob.key), partial, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::rename(partial, path);
  }
  return path;
}

nlohmann::json ClusterSupervisor::local_document(const std::string& topology_id, const Assignment& assignment) {
  namespace k = config_keys;
  auto document = nlohmann::json::parse(fetch_blob(assignment.document_blob));
  // Plugins and the files components read travel as blobs ("blob:<key>/<file name>"): each is
  // downloaded once, checked against its key, and kept under files/<key>/<file name>.
  auto localize = [&](nlohmann::json& slot, const BlobReference& blob) { slot = local_copy(blob).string(); };
  visit_blob_references(document["plugins"], localize);
  for (auto& component : document["components"]) visit_blob_references(component["settings"], localize);
  auto& config = document["config"];
  config[std::string(k::kMessagingExecutorEndpoints.name)] = runtime::join_endpoint_list(assignment.executor_endpoints);
  config[std::string(k::kMessagingTransport.name)] = "tcp";
  config[std::string(k::kMessagingIpcDir.name)] = (local_dir_ / "workers" / topology_id).string();
  // Outside the run directory, so that it outlives a restart of the workers on a reassignment:
  // CsvSpout's progress and FileSink's marker then carry over on this host.
  config[std::string(k::kWorkerStateDir.name)] = state_folder(topology_id).string();
  config[std::string(k::kWorkers.name)] = static_cast<int>(assignment.slots.size());
  config[std::string(k::kWorkerOrphanTimeoutSecs.name)] =
      std::chrono::duration<double>(settings_.session_timeout).count();
  if (!config.contains(std::string(k::kWorkerTimeoutSecs.name)))
    config[std::string(k::kWorkerTimeoutSecs.name)] = settings_.supervisor_worker_timeout_secs;
  return document;
}

void ClusterSupervisor::start_run(const std::string& topology_id, const Assignment& assignment, std::vector<int> workers) {
  try {
    auto submitted = topology_from_json(local_document(topology_id, assignment));
    Run run;
    // Before the workers start: a task that ran on another host resumes from its state.
    run.task_state = std::make_unique<TaskStateMirror>(*state_, topology_id, state_folder(topology_id));
    run.assignment = assignment;
    run.workers = workers;
    run.name = submitted.name;
    run.started = Clock::now();
    run.supervisor = std::make_unique<runtime::Supervisor>(submitted.name, std::move(submitted.config),
                                                           std::move(submitted.topology), worker_executable_, workers);
    spdlog::info("supervisor {}: running workers {} of {}", id_, fmt::join(workers, ","), topology_id);
    runs_.emplace(topology_id, std::move(run));
    retry_after_.erase(topology_id);
  } catch (const std::exception& e) {
    // Reported and retried later: the next sync may find Nimbus or the blob back.
    spdlog::error("supervisor {}: cannot start the workers of {}: {}", id_, topology_id, e.what());
    retry_after_[topology_id] = Clock::now() + std::chrono::seconds(5);
  }
}

void ClusterSupervisor::stop_run(const std::string& topology_id, const char* why) {
  auto it = runs_.find(topology_id);
  if (it == runs_.end()) return;
  spdlog::info("supervisor {}: stopping workers {} of {} ({})", id_, fmt::join(it->second.workers, ","), topology_id, why);
  it->second.supervisor->stop();
  if (std::string_view(why) != kNotAssigned && std::string_view(why) != kSessionExpired) {
    try {
      it->second.task_state->upload_changes();  // what the workers saved as they stopped
    } catch (const ZooKeeperError& e) {
      spdlog::warn("supervisor {}: the last task state of {} stays local: {}", id_, topology_id, e.what());
    }
  }
  if (std::string_view(why) == kNotAssigned) {
    std::error_code ignored;
    std::filesystem::remove_all(local_dir_ / "state" / topology_id, ignored);
  }
  try {
    for (int worker : it->second.workers) {
      const auto& slot = it->second.assignment.slots[static_cast<std::size_t>(worker)];
      state_->remove_worker_beat(topology_id, slot.host, slot.port);
    }
  } catch (const ZooKeeperError&) {
  }
  runs_.erase(it);
}

void ClusterSupervisor::stop_all(const char* why) {
  while (!runs_.empty()) stop_run(runs_.begin()->first, why);
}

void ClusterSupervisor::publish_errors(const std::string& topology_id, Run& run) {
  // The task's error count tells how many of its recent errors are new (several may share a ms).
  for (const auto& task : run.supervisor->metrics().tasks) {
    auto& published = run.errors_published[task.task];
    if (task.errors <= published) continue;
    auto fresh = std::min<std::uint64_t>(task.errors - published, task.recent_errors.size());
    for (auto e = task.recent_errors.end() - static_cast<std::ptrdiff_t>(fresh); e != task.recent_errors.end(); ++e)
      state_->add_error(topology_id, task.component, ErrorInfo{e->message, e->unix_ms, settings_.host, task.task});
    published = task.errors;
  }
}

}  // namespace squall::cluster
