#include "runtime/topology_run.hpp"

#include <unistd.h>

#include <atomic>

#include <spdlog/spdlog.h>

#include "runtime/executor/acker_executor.hpp"
#include "runtime/executor/bolt_executor.hpp"
#include "runtime/executor/spout_executor.hpp"

namespace squall::runtime {
namespace {

std::string next_run_id(const std::string& name) {
  static std::atomic<int> counter{0};
  return fmt::format("{}-{}-{}", name, ::getpid(), counter++);
}

double ns_to(double ns, double unit) { return ns / unit; }

}  // namespace

TopologyRun::TopologyRun(std::string name, Config config, Topology topology) {
  auto id = next_run_id(name);
  state_ = std::make_unique<RunState>(id, ExecutionPlan(std::move(name), std::move(config), std::move(topology)));
  for (const auto& plan : state_->plan.executors()) {
    if (plan.is_acker()) executors_.push_back(std::make_unique<AckerExecutor>(*state_, plan));
    else if (plan.is_spout()) executors_.push_back(std::make_unique<SpoutExecutor>(*state_, plan));
    else executors_.push_back(std::make_unique<BoltExecutor>(*state_, plan));
  }
  started_ = std::chrono::steady_clock::now();
  for (auto& e : executors_) e->start();
  reporter_ = std::thread([this] { report_progress(); });
}

TopologyRun::~TopologyRun() { stop(); }

TopologyRun::Wave TopologyRun::collect() const {
  Wave w;
  for (std::size_t i = 0; i < state_->counters.size(); ++i) {
    const auto& c = state_->counters[i];
    w.sent += c.sent.get();
    w.processed += c.processed.get();
    if (state_->plan.executors()[i].is_spout()) {
      w.pending += c.pending.load(std::memory_order_relaxed);
      w.spouts_exhausted = w.spouts_exhausted && c.idle_exhausted.load(std::memory_order_relaxed);
    }
  }
  return w;
}

// Termination detection with monotonic counters, in the manner of Mattern's four-counter method:
// two successive collections that are identical, with every envelope sent also processed and
// nothing pending, prove that nothing moved in between.
bool TopologyRun::quiescent(bool need_exhausted) const {
  auto ok = [&](const Wave& w) {
    return w.sent == w.processed && w.pending == 0 && (!need_exhausted || w.spouts_exhausted);
  };
  Wave first = collect();
  if (!ok(first)) return false;
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  Wave second = collect();
  return ok(second) && first == second;
}

bool TopologyRun::complete() const { return quiescent(true); }
bool TopologyRun::drained() const { return quiescent(false); }

void TopologyRun::deactivate() { state_->deactivated.store(true); }

MetricsSnapshot TopologyRun::metrics() const {
  MetricsSnapshot s;
  const auto& plan = state_->plan;
  s.topology = plan.topology_name();
  s.uptime_secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  for (std::size_t i = 0; i < state_->counters.size(); ++i)
    if (plan.executors()[i].is_spout()) s.pending += state_->counters[i].pending.load(std::memory_order_relaxed);

  for (const auto& exec : plan.executors()) {
    const std::string component = exec.is_acker() ? "__acker" : exec.component->id;
    const std::string kind = exec.is_acker() ? "acker" : exec.is_spout() ? "spout" : "bolt";
    const auto& counters = state_->counters[static_cast<std::size_t>(exec.index)];
    auto received = counters.received.load(std::memory_order_relaxed);
    auto processed = counters.processed.get();
    std::uint64_t depth = received > processed ? received - processed : 0;
    for (int task : exec.tasks) {
      const TaskMetrics& m = *state_->task_metrics[static_cast<std::size_t>(task)];
      TaskStats t;
      t.component = component;
      t.task = task;
      t.kind = kind;
      t.emitted = m.emitted.get();
      t.transferred = m.transferred.get();
      t.executed = m.executed.get();
      t.acked = m.acked.get();
      t.failed = m.failed.get();
      t.timed_out = m.timed_out.get();
      t.errors = m.errors.get();
      t.queue_depth = task == exec.tasks.front() ? depth : 0;
      t.execute_latency_mean_us = ns_to(m.execute_latency.mean(), 1e3);
      t.execute_latency_p99_us = ns_to(static_cast<double>(m.execute_latency.quantile(0.99)), 1e3);
      t.complete_latency_mean_ms = ns_to(m.complete_latency.mean(), 1e6);
      t.complete_latency_p50_ms = ns_to(static_cast<double>(m.complete_latency.quantile(0.5)), 1e6);
      t.complete_latency_p99_ms = ns_to(static_cast<double>(m.complete_latency.quantile(0.99)), 1e6);
      s.tasks.push_back(t);
    }
  }
  // Component totals: sums, and latencies over the merged histograms.
  for (const auto& t : s.tasks) {
    TaskStats* c = nullptr;
    for (auto& existing : s.components)
      if (existing.component == t.component) c = &existing;
    if (!c) {
      s.components.push_back(TaskStats{t.component, -1, t.kind});
      c = &s.components.back();
    }
    c->emitted += t.emitted;
    c->transferred += t.transferred;
    c->executed += t.executed;
    c->acked += t.acked;
    c->failed += t.failed;
    c->timed_out += t.timed_out;
    c->errors += t.errors;
    c->queue_depth += t.queue_depth;
  }
  for (auto& c : s.components) {
    std::array<std::uint64_t, 64 * 16> exec_b{}, comp_b{};
    std::uint64_t exec_n = 0, comp_n = 0;
    double exec_sum = 0, comp_sum = 0;
    for (const auto& t : s.tasks)
      if (t.component == c.component) {
        const TaskMetrics& m = *state_->task_metrics[static_cast<std::size_t>(t.task)];
        m.execute_latency.merge_into(exec_b, exec_n, exec_sum);
        m.complete_latency.merge_into(comp_b, comp_n, comp_sum);
      }
    if (exec_n) {
      c.execute_latency_mean_us = exec_sum / static_cast<double>(exec_n) / 1e3;
      c.execute_latency_p99_us = static_cast<double>(LatencyHistogram::quantile_of(exec_b, exec_n, 0.99)) / 1e3;
    }
    if (comp_n) {
      c.complete_latency_mean_ms = comp_sum / static_cast<double>(comp_n) / 1e6;
      c.complete_latency_p50_ms = static_cast<double>(LatencyHistogram::quantile_of(comp_b, comp_n, 0.5)) / 1e6;
      c.complete_latency_p99_ms = static_cast<double>(LatencyHistogram::quantile_of(comp_b, comp_n, 0.99)) / 1e6;
    }
  }
  return s;
}

void TopologyRun::report_progress() {
  double interval = state_->plan.config().get_double(config_keys::kProgressIntervalSecs, 5);
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
