#include "squall/runtime/workers/supervisor.hpp"

#include <atomic>
#include <filesystem>

#include <fmt/ranges.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/plan/execution_plan.hpp"
#include "squall/runtime/workers/run_directory.hpp"
#include "squall/runtime/workers/worker_commands.hpp"
#include "squall/runtime/workers/worker_exec.hpp"
#include "squall/runtime/workers/worker_process.hpp"

namespace squall::runtime {

namespace {

/// Links between workers authenticate by default: without configured keys the supervisor makes
/// a CURVE key pair for this run and hands it to its workers in memory (fork), so that a local
/// process that connects to a worker's port cannot inject frames (CurveAuthenticator admits only
/// the run's public key). `squall.messaging.authenticate: false` turns it off.
void ensure_run_keys(Config& config) {
  namespace k = config_keys;
  if (config.contains(k::kCurvePublicKey) || !config.get(k::kMessagingAuthenticate)) return;
  char public_key[41] = {}, secret_key[41] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0)
    throw TopologyError(fmt::format("cannot make a CURVE key pair ({}); set {}: false to run without authentication",
                                    zmq_strerror(zmq_errno()), k::kMessagingAuthenticate));
  config.set(k::kCurvePublicKey, std::string(public_key));
  config.set(k::kCurveSecretKey, std::string(secret_key));
}

void retire_into(std::vector<TaskRecord>& retired, std::vector<TaskRecord> records) {
  for (auto& r : records) {
    r.queue_depth = 0;  // the incarnation is gone, and its queues with it
    auto it = std::find_if(retired.begin(), retired.end(), [&](const TaskRecord& x) { return x.task == r.task; });
    if (it == retired.end()) retired.push_back(std::move(r));
    else it->add(r);
  }
}

}  // namespace

Supervisor::Supervisor(std::string name, Config config, Topology topology, std::filesystem::path worker_executable,
                       std::vector<int> local_workers)
    : name_(std::move(name)), config_(std::move(config)) {
  namespace k = config_keys;
  // Validates the topology and config in this process, where an error can still be thrown.
  ExecutionPlan plan(name_, config_, topology);
  worker_count_ = plan.workers();
  std::vector<std::vector<std::string>> placed(static_cast<std::size_t>(worker_count_));
  tasks_by_worker_.resize(static_cast<std::size_t>(worker_count_));
  for (const auto& e : plan.executors()) {
    auto& tasks = tasks_by_worker_[static_cast<std::size_t>(e.worker)];
    tasks.insert(tasks.end(), e.tasks.begin(), e.tasks.end());
  }
  for (const auto& e : plan.executors())
    placed[static_cast<std::size_t>(e.worker)].push_back(
        fmt::format("{}{}", e.component ? e.component->id : "__acker", fmt::format(" {}", fmt::join(e.tasks, ","))));
  for (int w = 0; w < worker_count_; ++w)
    spdlog::info("[{}] worker {}: {}", name_, w, fmt::join(placed[static_cast<std::size_t>(w)], "; "));
  ensure_run_keys(config_);
  directory_ = std::make_unique<RunDirectory>(name_, config_);
  transport_ = TransportSettings::from(config_);
  listed_endpoints_ = join_endpoint_list(transport_.executor_endpoints);
  if (!transport_.executor_endpoints.empty() &&
      transport_.executor_endpoints.size() != plan.executors().size())
    throw TopologyError(fmt::format("{} lists {} endpoints for {} executors", k::kMessagingExecutorEndpoints,
                                    transport_.executor_endpoints.size(), plan.executors().size()));
  if (transport_.kind == TransportSettings::Kind::tcp && transport_.executor_endpoints.empty() &&
      transport_.tcp_port_base + static_cast<int>(plan.executors().size()) - 1 > 65535)
    throw TopologyError(fmt::format("{} is {}: the {} executors listen on ports {}..{}, past 65535; use a lower base",
                                    k::kMessagingTcpPortBase, transport_.tcp_port_base, plan.executors().size(),
                                    transport_.tcp_port_base, transport_.tcp_port_base + plan.executors().size() - 1));
  heartbeat_ = std::chrono::duration<double>(config_.get(k::kWorkerHeartbeatSecs));
  timeout_ = std::chrono::duration<double>(config_.get(k::kWorkerTimeoutSecs));
  start_timeout_ = std::chrono::duration<double>(config_.get(k::kWorkerStartTimeoutSecs));
  progress_interval_ = std::chrono::duration<double>(config_.get(k::kProgressIntervalSecs));
  if (heartbeat_.count() <= 0 || timeout_ <= heartbeat_)
    throw TopologyError(fmt::format("{} must be positive and below {}", k::kWorkerHeartbeatSecs, k::kWorkerTimeoutSecs));

  static std::atomic<int> runs{0};
  std::string run_id = fmt::format("{}-{}-{}", name_, ::getpid(), runs++);
  if (!worker_executable.empty()) {
    document_json_ = topology_to_json({name_, config_, std::move(topology)});
    document_ = topology_document_path(directory_->path(), name_);
    write_topology_document(document_, document_json_);
    fork_ = std::make_unique<ForkServer>(exec_worker_main(worker_executable, document_, run_id));
  } else {
    WorkerLaunch launch{name_, config_, std::move(topology), std::move(run_id), 0};
    fork_ = std::make_unique<ForkServer>([launch = std::move(launch)](int worker) mutable {
      launch.worker = worker;
      return run_worker(launch);
    });
  }
  // Sockets only now: ZeroMQ starts its I/O threads with the first socket, and the fork server
  // had to be forked before any thread existed.
  reports_ = zmq::socket_t(zmq_, zmq::socket_type::pull);
  reports_.bind(transport_.reports_endpoint());
  control_ = zmq::socket_t(zmq_, zmq::socket_type::pub);
  control_.set(zmq::sockopt::linger, 0);
  control_.bind(transport_.control_endpoint());
  started_ = Clock::now();
  workers_.resize(static_cast<std::size_t>(worker_count_));
  for (int i = 0; i < worker_count_; ++i) {
    auto& w = workers_[static_cast<std::size_t>(i)];
    w.elsewhere = !local_workers.empty() && std::find(local_workers.begin(), local_workers.end(), i) == local_workers.end();
    if (w.elsewhere) continue;
    w.start_requested = true;
    fork_->start(i);
  }
  spdlog::info("[{}] {} {} workers, transport {} ({}{})", name_, worker_count_, document_.empty() ? "forked" : "exec'd",
               transport_.kind == TransportSettings::Kind::tcp ? "tcp" : "ipc",
               transport_.kind == TransportSettings::Kind::tcp ? transport_.executor_endpoint(0) : transport_.ipc_dir,
               transport_.curve() ? ", CURVE" : "");
  watcher_ = std::thread([this] { watch(); });
}

Supervisor::~Supervisor() { stop(); }

void Supervisor::watch() {
  auto poll_every = std::chrono::duration_cast<std::chrono::milliseconds>(heartbeat_ / 2);
  poll_every = std::clamp(poll_every, std::chrono::milliseconds(5), std::chrono::milliseconds(100));
  auto next_progress = Clock::now() + std::chrono::duration_cast<Clock::duration>(progress_interval_);
  std::optional<MetricsSnapshot> previous;
  for (;;) {
    zmq::pollitem_t items[2] = {{reports_.handle(), 0, ZMQ_POLLIN, 0}, {nullptr, fork_->events_fd(), ZMQ_POLLIN, 0}};
    zmq::poll(items, 2, poll_every);
    std::unique_lock lock(mutex_);
    if (quit_) return;
    receive_reports();
    handle_events();
    auto now = Clock::now();
    check_heartbeats(now);
    for (std::size_t i = 0; i < workers_.size(); ++i) {
      auto& w = workers_[i];
      if (w.restart_at && now >= *w.restart_at && !stopping_) {
        w.restart_at.reset();
        w.start_requested = true;
        fork_->start(static_cast<int>(i));
      }
    }
    publish_commands();
    if (progress_interval_.count() > 0 && now >= next_progress && !stopping_) {
      next_progress = now + std::chrono::duration_cast<Clock::duration>(progress_interval_);
      auto current = metrics_locked();
      if (previous) spdlog::info("{}", current.progress_line(*previous));
      previous = std::move(current);
    }
    lock.unlock();
    changed_.notify_all();
  }
}

void Supervisor::receive_reports() {
  zmq::message_t message;
  while (reports_.recv(message, zmq::recv_flags::dontwait)) {
    WorkerReport report;
    try {
      report = decode_report(message.to_string_view());
    } catch (const DecodeError& e) {
      spdlog::warn("[{}] ignored a worker report: {}", name_, e.what());
      continue;
    }
    if (report.worker < 0 || report.worker >= worker_count_) continue;
    auto& w = workers_[static_cast<std::size_t>(report.worker)];
    if (report.pid != w.pid) continue;  // from an incarnation that is gone (or not yet announced)
    if (report.failed && !failed_) {
      failed_ = true;
      spdlog::error("[{}] worker {} reports an executor that stopped (see its log)", name_, report.worker);
    }
    w.last_heartbeat = Clock::now();
    if (report.stopped) w.finished = true;
    w.latest = std::move(report);
  }
}

void Supervisor::handle_events() {
  for (const auto& e : fork_->read_events()) {
    if (e.worker < 0 || e.worker >= worker_count_) continue;
    auto& w = workers_[static_cast<std::size_t>(e.worker)];
    if (e.kind == ForkServer::Event::Kind::started) {
      w.pid = e.pid;
      w.started = w.last_heartbeat = Clock::now();
      w.latest.reset();
      w.killing = false;
      w.start_requested = false;
      spdlog::debug("[{}] worker {} started (pid {})", name_, e.worker, e.pid);
      if (w.elsewhere) ::kill(e.pid, SIGKILL);  // reassigned away while it was starting
    } else if (e.pid == w.pid || e.pid < 0) {
      handle_exit(e.worker, w, e.status);
    }
  }
}

void Supervisor::handle_exit(int index, Worker& w, int status) {
  if (w.latest) {
    retire_into(w.retired, std::move(w.latest->tasks));
    w.retired_malformed += w.latest->malformed_frames;
    w.retired_refused += w.latest->refused_peers;
    w.latest.reset();
  }
  int pid = w.pid;
  w.pid = 0;
  if (stopping_ || w.elsewhere) {  // stopped, or assigned to another host (reassign)
    w.finished = true;
    return;
  }
  ++restarts_;
  auto now = Clock::now();
  // A worker that keeps dying at once (a port in use, a crash in prepare) is restarted with a
  // growing delay, 0.2 s doubling up to 10 s, instead of in a tight loop.
  w.quick_deaths = now - w.started < std::chrono::seconds(5) ? w.quick_deaths + 1 : 0;
  auto delay = std::chrono::milliseconds(w.quick_deaths ? std::min(100 << std::min(w.quick_deaths, 7), 10000) : 0);
  spdlog::warn("[{}] worker {} (pid {}) {}; restarting it with the same tasks{}", name_, index, pid,
               describe_exit(status), delay.count() ? fmt::format(" in {} ms", delay.count()) : "");
  w.restart_at = now + delay;
}

void Supervisor::check_heartbeats(Clock::time_point now) {
  if (stopping_) return;
  for (std::size_t i = 0; i < workers_.size(); ++i) {
    auto& w = workers_[i];
    if (w.pid <= 0 || w.killing) continue;
    auto limit = w.latest ? timeout_ : start_timeout_;
    if (now - w.last_heartbeat <= limit) continue;
    spdlog::warn("[{}] worker {} (pid {}) sent no heartbeat for {:.1f} s; killing it", name_, i, w.pid,
                 std::chrono::duration<double>(now - w.last_heartbeat).count());
    ::kill(w.pid, SIGKILL);
    w.killing = true;
  }
}

void Supervisor::publish_commands() {
  WorkerCommands commands{deactivated_, stopping_, listed_endpoints_};
  control_.send(zmq::buffer(commands.encode()), zmq::send_flags::dontwait);
}

void Supervisor::reassign(std::vector<std::string> executor_endpoints, const std::vector<int>& local_workers) {
  namespace k = config_keys;
  std::lock_guard lock(mutex_);
  if (executor_endpoints.size() != transport_.executor_endpoints.size())
    throw TopologyError(fmt::format("reassign: {} endpoints for {} executors", executor_endpoints.size(),
                                    transport_.executor_endpoints.size()));
  if (executor_endpoints != transport_.executor_endpoints) {
    listed_endpoints_ = join_endpoint_list(executor_endpoints);
    config_.set(k::kMessagingExecutorEndpoints, listed_endpoints_);
    transport_.executor_endpoints = std::move(executor_endpoints);
    if (!document_.empty()) {
      // A worker restarted from now on binds and connects where the assignment says.
      document_json_["config"][std::string(k::kMessagingExecutorEndpoints.name)] = listed_endpoints_;
      write_topology_document(document_, document_json_);
    }
  }
  for (int i = 0; i < worker_count_; ++i) {
    auto& w = workers_[static_cast<std::size_t>(i)];
    bool local = std::find(local_workers.begin(), local_workers.end(), i) != local_workers.end();
    if (local && w.elsewhere && !stopping_) {
      spdlog::info("[{}] worker {} is assigned here now; starting it", name_, i);
      w.elsewhere = false;
      w.finished = false;
      w.quick_deaths = 0;
      w.start_requested = true;
      fork_->start(i);
    } else if (!local && !w.elsewhere) {
      spdlog::info("[{}] worker {} is assigned elsewhere now; killing it here", name_, i);
      w.elsewhere = true;
      w.restart_at.reset();
      if (w.pid > 0) ::kill(w.pid, SIGKILL);
    }
  }
}

bool Supervisor::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

void Supervisor::deactivate() {
  std::lock_guard lock(mutex_);
  deactivated_ = true;
}

void Supervisor::activate() {
  std::lock_guard lock(mutex_);
  if (!stopping_) deactivated_ = false;
}

bool Supervisor::active() const {
  std::lock_guard lock(mutex_);
  return !deactivated_;
}

std::vector<int> Supervisor::worker_pids() const {
  std::lock_guard lock(mutex_);
  std::vector<int> pids;
  for (const auto& w : workers_) pids.push_back(w.pid);
  return pids;
}

std::optional<Wave> Supervisor::wave_after(std::int64_t since_ns) const {
  std::lock_guard lock(mutex_);
  Wave wave;
  for (const auto& w : workers_) {
    if (w.elsewhere) continue;
    if (!w.latest || w.latest->generated_ns <= since_ns) return std::nullopt;
    wave.add(w.pid, w.latest->totals);
  }
  return wave;
}

bool Supervisor::quiescent(bool need_exhausted) const {
  QuiescenceRule rule{need_exhausted, false};
  {
    std::lock_guard lock(mutex_);
    rule.sends_may_be_lost = restarts_ > 0;
  }
  // The second wave: a heartbeat from every worker generated after the first wave was complete.
  return quiescent_across_two_waves(rule, wave_after(0), [&]() -> std::optional<Wave> {
    auto since = monotonic_ns();
    auto deadline = Clock::now() + std::max(std::chrono::duration<double>(1.0), 10 * heartbeat_);
    for (;;) {
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::milliseconds(20));
      lock.unlock();
      if (auto second = wave_after(since)) return second;
      if (Clock::now() > deadline) return std::nullopt;
    }
  });
}

WorkerReport Supervisor::merged_report_locked() const {
  WorkerReport r;
  r.worker = -1;
  r.pid = static_cast<int>(::getpid());
  r.generated_ns = monotonic_ns();
  for (const auto& w : workers_) {
    r.tasks.insert(r.tasks.end(), w.retired.begin(), w.retired.end());
    r.malformed_frames += w.retired_malformed;
    r.refused_peers += w.retired_refused;
    if (!w.latest) continue;
    r.tasks.insert(r.tasks.end(), w.latest->tasks.begin(), w.latest->tasks.end());
    r.totals.pending += w.latest->totals.pending;
    r.malformed_frames += w.latest->malformed_frames;
    r.refused_peers += w.latest->refused_peers;
  }
  return r;
}

WorkerReport Supervisor::merged_report() const {
  std::lock_guard lock(mutex_);
  return merged_report_locked();
}

MetricsSnapshot Supervisor::metrics_locked() const {
  auto r = merged_report_locked();
  auto s = snapshot_of(name_, std::chrono::duration<double>(Clock::now() - started_).count(), r.totals.pending, r.tasks);
  s.workers = worker_count_;
  s.worker_restarts = restarts_;
  s.malformed_frames = r.malformed_frames;
  s.refused_peers = r.refused_peers;
  return s;
}

MetricsSnapshot Supervisor::metrics() const {
  std::lock_guard lock(mutex_);
  if (stopped_) return final_;
  return metrics_locked();
}

MetricsSnapshot Supervisor::stop() {
  std::unique_lock lock(mutex_);
  if (stopped_) return final_;
  stopping_ = true;
  deactivated_ = true;
  // The watcher publishes the stop; each worker stops its executors, sends a last report and exits.
  auto all_finished = [&] {
    return std::all_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.pid == 0 && !w.start_requested; });
  };
  if (!changed_.wait_for(lock, std::chrono::seconds(30), all_finished)) {
    for (auto& w : workers_)
      if (w.pid > 0) {
        spdlog::warn("[{}] worker (pid {}) did not stop within 30 s; killing it", name_, w.pid);
        ::kill(w.pid, SIGKILL);
      }
    changed_.wait_for(lock, std::chrono::seconds(10), all_finished);
  }
  final_ = metrics_locked();
  stopped_ = true;
  quit_ = true;
  lock.unlock();
  if (watcher_.joinable()) watcher_.join();
  fork_.reset();  // the fork server kills anything left and exits
  reports_.close();
  control_.close();
  if (!document_.empty()) {
    std::error_code ignored;
    std::filesystem::remove(document_, ignored);
  }
  directory_->clean();
  return final_;
}

}  // namespace squall::runtime
