#pragma once
// Per-task counters, written by the task's executor thread and read by the reporter.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "squall/api/metrics/metric_registry.hpp"
#include "squall/runtime/metrics_snapshot.hpp"


namespace squall::runtime {

/// A counter with one writer: an increment is a plain load and store, no locked instruction.
class Counter {
 public:
  void add(std::uint64_t n = 1) noexcept { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
  std::uint64_t get() const noexcept { return v_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> v_{0};
};

/// The last errors a task reported or threw (Storm keeps an executor's last 10 and its UI shows
/// them), oldest first. Written rarely, so a mutex is fine.
class RecentErrors {
 public:
  static constexpr std::size_t kKept = 10;
  void add(int task, std::string message) {
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
    std::lock_guard lock(mutex_);
    errors_.push_back(TaskError{task, std::move(message), now.count()});
    if (errors_.size() > kKept) errors_.pop_front();
  }
  std::vector<TaskError> get() const {
    std::lock_guard lock(mutex_);
    return {errors_.begin(), errors_.end()};
  }

 private:
  mutable std::mutex mutex_;
  std::deque<TaskError> errors_;
};

/// Storm's built-in task metrics.
struct TaskMetrics {
  /// Emits on one output stream: tuples emitted (one per emit call) and tuple copies sent to
  /// tasks (an emit to 3 tasks counts 3).
  struct StreamCounts {
    std::string stream;
    Counter emitted, transferred;
  };
  /// The counts of `stream`, made at the first call (by the task's router, once per stream); the
  /// reference stays valid as long as the metrics.
  StreamCounts& stream_counts(const std::string& stream) {
    std::lock_guard lock(streams_mutex_);
    for (auto& s : streams_)
      if (s.stream == stream) return s;
    return streams_.emplace_back(stream);
  }
  /// Calls `visit(const StreamCounts&)` for each stream, in the order they were made.
  template <typename Visit>
  void for_each_stream(Visit visit) const {
    std::lock_guard lock(streams_mutex_);
    for (const auto& s : streams_) visit(s);
  }
  Counter executed;     ///< input tuples executed (bolts)
  Counter acked;        ///< spouts: tuple trees completed; bolts: inputs acked
  Counter failed;       ///< spouts: tuple trees failed; bolts: inputs failed
  Counter timed_out;    ///< spouts: of `failed`, those that hit the message timeout
  Counter dead_lettered;  ///< spouts: tuples given up after topology.max.replays replays (done, not acked)
  Counter errors;       ///< exceptions and report_error calls
  RecentErrors recent_errors;  ///< the last of them
  /// The task's user metrics, shared with its TopologyContext (which outlives no run: the
  /// registry outlives the task, for the final metrics).
  std::shared_ptr<MetricRegistry> user = std::make_shared<MetricRegistry>();
  LogLinearHistogram execute_latency;   ///< sampled, ns (bolts)
  LogLinearHistogram complete_latency;  ///< emit to tree complete, ns (spouts)

 private:
  mutable std::mutex streams_mutex_;  // guards the deque's shape, not the counters
  std::deque<StreamCounts> streams_;   // a deque: references stay valid as it grows
};

/// Per-executor transport counters. `received` is bumped by senders (atomically, once a batch);
/// `processed` by the owner. Their difference is the inbound queue depth; their sums over all
/// executors drive termination detection (see TopologyRun::quiescent).
struct alignas(64) ExecutorCounters {
  std::atomic<std::uint64_t> received{0};
  /// Batches in-process senders are putting into this executor's inbox (bumped before each
  /// send): the inbox asks ZeroMQ for a batch only when it has taken fewer, since an empty
  /// receive costs system calls (a poll of the socket's mailbox, libzmq's getpid check).
  std::atomic<std::uint64_t> batches_in{0};
  Counter processed;
  Counter sent;                       ///< envelopes this executor handed to its outbox
  /// ns this executor waited on receivers' full queues (backpressure); written by its outbox
  Counter blocked_ns;
  std::atomic<bool> idle_exhausted{false};  ///< spouts: every task exhausted and nothing pending
  std::atomic<std::uint64_t> pending{0};    ///< spouts: tracked tuples not yet acked or failed
};

}  // namespace squall::runtime
