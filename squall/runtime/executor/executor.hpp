#pragma once
// An executor: one thread running one or more tasks of one component (or an acker).

#include <chrono>
#include <memory>
#include <optional>
#include <thread>

#include "squall/runtime/executor/bolt_stage.hpp"
#include "squall/runtime/run/run_state.hpp"
#include "squall/runtime/transport/inbox.hpp"
#include "squall/runtime/transport/outbox.hpp"
#include "squall/runtime/task/emitter.hpp"
#include "squall/runtime/task/user_errors.hpp"
#include "squall/api/log_throttle.hpp"

namespace squall::runtime {

/// The thread skeleton shared by spout, bolt and acker executors:
///   setup (prepare chained bolts, then open/prepare tasks) → loop until the run stops
///   → teardown (close/cleanup, then the chained bolts') → wait for every executor → drain and
///   free what is still queued → close sockets.
/// The bolt executors chained to this one (ExecutionPlan::chained_to) run on its thread: its
/// emitter executes their tuples when they are sent.
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
  /// Also wakes when a polled bolt's fd is readable (Bolt::poll_fd), and then polls the bolts.
  void wait_for_input(std::chrono::microseconds timeout);
  /// Polls the bolts of this thread that have a poll_fd (Bolt::poll): after each batch and when
  /// idle. Costs nothing when no bolt has one.
  void poll_bolts() {
    for (BoltStage* stage : polled_stages_) stage->poll();
  }
  /// Adds `stage`'s polled bolts (after its setup) to this thread's poll.
  void add_polled(BoltStage& stage);
  /// A batch of `envelopes` arrived (see wait_for_input).
  void note_received(std::size_t envelopes) noexcept {
    yields_left_ = envelopes >= run_.settings.batch_size ? kYieldsAfterFullBatch : 0;
  }

  /// A received batch is done: counts its envelopes as processed (termination detection and
  /// queue depth read this) and returns the buffer to the pool.
  void finish_batch(std::unique_ptr<Batch> batch) {
    counters_.processed.add(batch->size());
    run_.batch_pool.release(std::move(batch));
  }
  /// Queues what is folded for the ackers (Emitter::settle_acks), then sends every batch due
  /// (Outbox::flush_due) or every batch (Outbox::flush_all).
  void flush_due(SteadyClock::time_point now) {
    emitter_->settle_acks();
    outbox_->flush_due(now);
  }
  void flush_all() {
    emitter_->settle_acks();
    outbox_->flush_all();
  }
  bool stopping() const noexcept { return run_.stopping.load(std::memory_order_relaxed); }
  RunState& run_;
  const ExecutorPlan& plan_;
  LogThrottle unexpected_log_;  ///< envelopes of a kind this executor does not handle
  ExecutorCounters& counters_;
  std::optional<Inbox> inbox_;
  std::optional<Outbox> outbox_;
  std::optional<Emitter> emitter_;  ///< over outbox_; what this executor and its collectors send through
  UserErrors user_errors_;

 private:
  std::vector<std::unique_ptr<BoltStage>> chained_;
  std::vector<BoltStage*> polled_stages_;
  std::vector<int> poll_fds_;
  void main();
  static constexpr int kYieldsAfterFullBatch = 4;
  int yields_left_ = 0;
  std::thread thread_;
};

}  // namespace squall::runtime
