#include "squall/runtime/local/topology_run.hpp"

#include <atomic>
#include <stdexcept>
#include <tuple>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "squall/runtime/executor/acker_executor.hpp"
#include "squall/runtime/executor/bolt_executor.hpp"
#include "squall/runtime/executor/spout_executor.hpp"

namespace squall::runtime {
namespace {

std::string next_run_id(const std::string& name) {
  static std::atomic<int> counter{0};
  return fmt::format("{}-{}-{}", name, ::getpid(), counter++);
}

}  // namespace

TopologyRun::TopologyRun(std::string name, Config config, Topology topology, std::optional<WorkerRole> role,
                         std::string run_id) {
  auto id = run_id.empty() ? next_run_id(name) : std::move(run_id);
  const bool worker = role.has_value();
  state_ = std::make_unique<RunState>(id, ExecutionPlan(std::move(name), std::move(config), std::move(topology)),
                                      std::move(role));
  for (const auto& plan : state_->plan.executors()) {
    if (!state_->runs_here(plan.index) || !plan.own_thread()) continue;  // chained: its host runs it
    if (plan.is_acker()) executors_.push_back(std::make_unique<AckerExecutor>(*state_, plan));
    else if (plan.is_spout()) executors_.push_back(std::make_unique<SpoutExecutor>(*state_, plan));
    else executors_.push_back(std::make_unique<BoltExecutor>(*state_, plan));
  }
  started_ = std::chrono::steady_clock::now();
  for (auto& e : executors_) e->start();
  if (!worker) reporter_ = std::thread([this] { report_progress(); });  // a worker's supervisor reports
}

TopologyRun::~TopologyRun() { stop(); }

Wave TopologyRun::wave() const {
  Wave w;
  for (std::size_t i = 0; i < state_->counters.size(); ++i) {
    auto index = static_cast<int>(i);
    if (!state_->runs_here(index)) continue;
    const auto& c = state_->counters[i];
    RunTotals t{c.sent.get(), c.processed.get(), 0, true};
    if (state_->plan.executors()[i].is_spout()) {
      t.pending = c.pending.load(std::memory_order_relaxed);
      t.spouts_exhausted = c.idle_exhausted.load(std::memory_order_relaxed);
    }
    w.add(index, t);
  }
  return w;
}

// The second wave is read 2 ms after the first, time enough for an envelope in flight between
// the two reads to show in some counter.
bool TopologyRun::quiescent(bool need_exhausted) const {
  return quiescent_across_two_waves(QuiescenceRule{need_exhausted, false}, wave(), [&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    return std::optional<Wave>(wave());
  });
}

bool TopologyRun::complete() const { return quiescent(true); }
bool TopologyRun::drained() const { return quiescent(false); }

bool TopologyRun::update_peer_endpoints(const std::vector<std::string>& endpoints) {
  if (!state_->peers) throw std::logic_error("update_peer_endpoints: this run has no other workers");
  return state_->peers->update(endpoints);
}

void TopologyRun::deactivate() { state_->deactivated.store(true); }
bool TopologyRun::active() const { return !state_->deactivated.load(); }
void TopologyRun::activate() {
  if (!state_->stopping.load()) state_->deactivated.store(false);
}

std::vector<TaskRecord> TopologyRun::task_records() const {
  std::vector<TaskRecord> records;
  const auto& plan = state_->plan;
  for (const auto& exec : plan.executors()) {
    if (!state_->runs_here(exec.index)) continue;
    const auto& counters = state_->counters[static_cast<std::size_t>(exec.index)];
    auto received = counters.received.load(std::memory_order_relaxed);
    auto processed = counters.processed.get();
    std::uint64_t depth = received > processed ? received - processed : 0;
    for (int task : exec.tasks) {
      const TaskMetrics& m = *state_->task_metrics[static_cast<std::size_t>(task)];
      TaskRecord r;
      r.component = exec.is_acker() ? "__acker" : exec.component->id;
      r.task = task;
      r.kind = exec.is_acker() ? "acker" : exec.is_spout() ? "spout" : "bolt";
      read_stream_counts(m, r);
      r.executed = m.executed.get();
      r.acked = m.acked.get();
      r.failed = m.failed.get();
      r.timed_out = m.timed_out.get();
      r.dead_lettered = m.dead_lettered.get();
      r.errors = m.errors.get();
      r.recent_errors = m.recent_errors.get();
      r.user_metrics = read_user_metrics(*m.user);
      r.queue_depth = task == exec.tasks.front() ? depth : 0;
      r.backpressure_ns = task == exec.tasks.front() ? counters.blocked_ns.get() : 0;
      r.execute_latency.add(m.execute_latency);
      r.complete_latency.add(m.complete_latency);
      records.push_back(std::move(r));
    }
  }
  return records;
}

MetricsSnapshot TopologyRun::metrics() const {
  double uptime = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  auto s = snapshot_of(state_->plan.topology_name(), uptime, collect().pending, task_records());
  s.malformed_frames = state_->link_counters.malformed_frames.load(std::memory_order_relaxed);
  s.refused_peers = state_->link_counters.refused_peers.load(std::memory_order_relaxed);
  return s;
}

void TopologyRun::report_progress() {
  double interval = state_->plan.config().get(config_keys::kProgressIntervalSecs);
  if (interval <= 0) return;
  MetricsSnapshot previous = metrics();
  std::unique_lock lock(mutex_);
  while (!stopped_) {
    wake_reporter_.wait_for(lock, std::chrono::duration<double>(interval));
    if (stopped_) break;
    MetricsSnapshot now = metrics();
    spdlog::info("{}", now.progress_line(previous));
    previous = std::move(now);
  }
}

MetricsSnapshot TopologyRun::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return final_;
    stopped_ = true;
  }
  wake_reporter_.notify_all();
  if (reporter_.joinable()) reporter_.join();
  state_->deactivated.store(true);
  state_->stopping.store(true);
  for (auto& e : executors_) e->join();
  final_ = metrics();
  executors_.clear();
  return final_;
}

}  // namespace squall::runtime
