#pragma once
// An executor: one thread running one or more tasks of one component (or an acker).

#include <chrono>
#include <memory>
#include <optional>
#include <span>
#include <thread>

#include "squall/runtime/run/run_state.hpp"
#include "squall/runtime/transport/inbox.hpp"
#include "squall/runtime/transport/outbox.hpp"
#include "squall/api/log_throttle.hpp"

namespace squall::runtime {

/// The thread skeleton shared by spout, bolt and acker executors:
///   setup (open/prepare tasks) → loop until the run stops → teardown (close/cleanup)
///   → wait for every executor → drain and free what is still queued → close sockets.
/// The inbox is bound in the constructor, on the caller's thread, so that every endpoint exists
/// before any executor connects to it.
class Executor {
 public:
  Executor(RunState& run, const ExecutorPlan& plan);
  virtual ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void start();
  void join();

 protected:
  virtual void setup() = 0;
  virtual void loop() = 0;
  virtual void teardown() = 0;

  /// Called with an empty inbox and nothing else to do: sleeps in the inbox's poll for up to
  /// `timeout`, or, for a few calls after a full batch arrived, only gives the core away
  /// (sched_yield) and returns. Why: a ZeroMQ pipe whose reader found it empty makes the
  /// writer's next batch send a wake-up (an eventfd write) and costs the reader a sleep and a
  /// wake. A full batch means the producer runs flat out; with more executor threads than cores
  /// a yield lets it run and refill the pipe instead. The 6M-tuple pipeline bench went from
  /// 27,000 to 1,500 voluntary context switches and 2.98 to 3.26 M tuples/s. After partial
  /// batches (light load) the executor sleeps at once, so a topology at 100,000 tuples/s does
  /// not spin its cores.
  void wait_for_input(std::chrono::microseconds timeout);
  /// A batch of `envelopes` arrived (see wait_for_input).
  void note_received(std::size_t envelopes) noexcept {
    yields_left_ = envelopes >= run_.settings.batch_size ? kYieldsAfterFullBatch : 0;
  }

  /// Queues an envelope for the executor of `envelope.task`.
  void send(Envelope&& envelope) { outbox_->push(run_.plan.executor_of(envelope.task), std::move(envelope)); }
  /// Sends `values` as one tuple of `route` from `source_task` to each of `targets`; the last
  /// copy takes the values, the others copy them. `set_anchors(state, i)` stamps copy i's
  /// acking ids before it leaves.
  template <typename SetAnchors>
  void send_copies(const StreamRoute& route, int source_task, std::span<const int> targets, Values values,
                   SetAnchors set_anchors) {
    if (run_.settings.debug) [[unlikely]]
      log_emit(route, source_task, values);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      auto state = std::make_shared<detail::TupleState>();
      state->values = (i + 1 == targets.size()) ? std::move(values) : values;
      state->schema = route.schema;
      state->source_task = source_task;
      set_anchors(*state, i);
      send(Envelope{EnvelopeKind::tuple, targets[i], source_task, 0, 0, Tuple(std::move(state))});
    }
  }
  /// A received batch is done: counts its envelopes as processed (termination detection and
  /// queue depth read this) and returns the buffer to the pool.
  void finish_batch(std::unique_ptr<Batch> batch) {
    counters_.processed.add(batch->size());
    run_.batch_pool.release(std::move(batch));
  }
  bool stopping() const noexcept { return run_.stopping.load(std::memory_order_relaxed); }
  /// topology.debug: "Emitting: component stream [values]" at INFO, as Storm's executors log it.
  void log_emit(const StreamRoute& route, int source_task, const Values& values) const;
  /// Logs an exception from user code with the component and task.
  void log_user_error(int task, std::string_view where, const std::exception& e) const;

  RunState& run_;
  const ExecutorPlan& plan_;
  mutable LogThrottle user_error_log_;  ///< exceptions and report_error of this executor's tasks
  LogThrottle unexpected_log_;         ///< envelopes of a kind this executor does not handle
  ExecutorCounters& counters_;
  std::optional<Inbox> inbox_;
  std::optional<Outbox> outbox_;

 private:
  void main();
  static constexpr int kYieldsAfterFullBatch = 4;
  int yields_left_ = 0;
  std::thread thread_;
};

}  // namespace squall::runtime
