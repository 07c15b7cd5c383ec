#include "squall/runtime/executor/spout_executor.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/acking/tuple_tree.hpp"

namespace squall::runtime {

SpoutExecutor::SpoutExecutor(RunState& run, const ExecutorPlan& plan)
    : Executor(run, plan),
      tasks_(plan.tasks),
      pending_(run.settings.message_timeout, static_cast<int>(plan.tasks.size())),
      replays_(run.settings.max_replays, plan.tasks.size()),
      dead_letters_(dead_letter_path(run.settings.dead_letter_file, run.plan.topology_name())) {}

SpoutExecutor::~SpoutExecutor() = default;

void SpoutExecutor::setup() {
  const auto& def = *plan_.component;
  Config config = run_.plan.component_config(def);
  RootTracker& tracker = *this;
  for (std::size_t slot = 0; slot < plan_.tasks.size(); ++slot) {
    auto t = std::make_unique<SpoutTask>(run_, def, config, plan_.tasks[slot], static_cast<int>(slot), *emitter_,
                                         tracker, user_errors_);
    t->spout = def.spout_factory();
    t->spout->open(t->context, t->collector);
    if (!def.inputs.empty()) {  // takes $checkpoint: an exactly-once topology (state::add_checkpointing)
      auto* replayable = dynamic_cast<ReplayableSpout*>(t->spout.get());
      if (!replayable)
        throw TopologyError(fmt::format("spout '{}' takes checkpoints but is not a ReplayableSpout", def.id));
      t->checkpoint_out = std::make_unique<BoltCollector>(*emitter_, *t, user_errors_);
      t->checkpointer = std::make_unique<SpoutCheckpointer>(*replayable, *t->checkpoint_out, t->context,
                                                            [this, slot] { pending_.drop_task(static_cast<int>(slot)); });
    }
    t->spout->activate();
    tasks_.add(std::move(t));
  }
  outbox_->set_while_blocked([this] { drain_into_backlog(); });
}

std::uint64_t SpoutExecutor::track(int slot, MessageId id, const Values& values, std::span<const int> targets,
                                   std::vector<std::uint64_t>& edges) {
  replays_.note_emit(slot, id, values);
  edges.clear();
  if (!run_.plan.acking() || targets.empty()) {
    // Nothing to track: Storm acks such a tuple at once. Deferred so that ack() never runs
    // inside the spout's own next_tuple().
    deferred_acks_.emplace_back(slot, std::move(id));
    return 0;
  }
  std::uint64_t root = pending_.add(slot, std::move(id), now_);
  std::uint64_t edges_xor = acking::start_tree(emitter_->ids(), targets.size(), edges);
  emitter_->init_tree(root, edges_xor, tasks_.at_slot(static_cast<std::size_t>(slot)).id);
  return root;
}

void SpoutExecutor::loop() {
  while (!stopping()) {
    now_ = SteadyClock::now();
    handle_inbox();
    expire_timeouts();
    if (run_.deactivated.load(std::memory_order_relaxed) != deactivated_) {
      // Storm's deactivate/activate: the spouts hear of each change once, on their own thread.
      deactivated_ = !deactivated_;
      for (auto& t : tasks_) {
        try {
          if (deactivated_) t->spout->deactivate();
          else t->spout->activate();
        } catch (const std::exception& e) {
          user_errors_.thrown(t->id, deactivated_ ? "deactivate" : "activate", e);
        }
      }
    }
    bool emitted = deactivated_ ? false : call_next_tuple();
    run_deferred_acks();
    poll_bolts();
    now_ = SteadyClock::now();
    flush_due(now_);
    complete_local_trees();
    settle_checkpoints();
    publish_state();
    if (!emitted) {
      // Storm's spout wait strategy, event-driven: sleep until an ack/fail arrives, the next
      // timeout is due, or 1 ms passes (next_tuple may have something new by then).
      flush_all();
      complete_local_trees();
      auto wait = std::chrono::microseconds(1000);
      if (auto d = pending_.next_deadline())
        wait = std::min(wait, std::chrono::duration_cast<std::chrono::microseconds>(*d - now_));
      wait_for_input(wait);
    }
  }
}

bool SpoutExecutor::call_next_tuple() {
  bool any_round = false;
  // A burst of up to one batch per task, so that the bookkeeping above runs once per batch.
  for (std::size_t round = 0; round < run_.settings.batch_size; ++round) {
    bool any = false;
    for (std::size_t slot = 0; slot < tasks_.size(); ++slot) {
      SpoutTask& t = tasks_.at_slot(slot);
      if (t.checkpointer && !t.checkpointer->ready()) continue;  // its position comes with INITSTATE
      auto cap = run_.settings.max_spout_pending;
      if (cap && pending_.pending(static_cast<int>(slot)) >= cap) continue;
      auto before = t.collector.emits();
      try {
        t.spout->next_tuple();
      } catch (const std::exception& e) {
        user_errors_.thrown(t.id, "next_tuple", e);
      }
      if (t.collector.emits() != before) any = true;
    }
    if (!any) break;
    any_round = true;
  }
  for (auto& t : tasks_) t->exhausted = t->spout->exhausted() && (!t->checkpointer || t->checkpointer->caught_up());
  return any_round;
}

void SpoutExecutor::handle_inbox() {
  for (auto& b : backlog_) handle_batch(std::move(b));
  backlog_.clear();
  while (auto b = inbox_->try_receive()) handle_batch(std::move(b));
}

void SpoutExecutor::handle_batch(std::unique_ptr<Batch> batch) {
  note_received(batch->size());
  for (const auto& e : *batch) handle(e);
  finish_batch(std::move(batch));
}

void SpoutExecutor::drain_into_backlog() {
  while (auto b = inbox_->try_receive()) backlog_.push_back(std::move(b));
}

void SpoutExecutor::handle(const Envelope& e) {
  std::visit(Overloaded{
                 [&](const RootAcked& m) {
                   if (auto p = pending_.take(m.root)) complete(*p, true, nullptr);
                 },
                 [&](const RootFailed& m) {
                   if (auto p = pending_.take(m.root)) {
                     FailureReason why{FailureReason::Kind::failed, run_.plan.component_of(m.failed_by_task),
                                       m.failed_by_task};
                     complete(*p, false, &why);
                   }
                 },
                 [&](const RootResetTimeout& m) { pending_.reset(m.root, now_); },
                 [&](const TupleMessage& m) { on_checkpoint_tuple(e.task, m.tuple); },
                 [&](const auto&) {
                   if (auto n = unexpected_log_.admit())
                     spdlog::warn("[{}] spout executor {} got an unexpected envelope{}", run_.plan.topology_name(),
                                  plan_.index, suppressed_note(n));
                 },
             },
             e.message);
}

void SpoutExecutor::on_checkpoint_tuple(int task, const Tuple& tuple) {
  SpoutTask* t = tasks_.find(task);
  if (!t || !t->checkpointer) {
    if (auto n = unexpected_log_.admit())
      spdlog::warn("[{}] spout executor {} got a tuple on {} for task {}, which takes none{}",
                   run_.plan.topology_name(), plan_.index, tuple.source_stream(), task, suppressed_note(n));
    return;
  }
  t->checkpointer->on_checkpoint(tuple);
}

void SpoutExecutor::expire_timeouts() {
  static const FailureReason timeout{FailureReason::Kind::timeout, {}, -1};
  while (auto p = pending_.take_expired(now_)) complete(*p, false, &timeout);
}

void SpoutExecutor::complete(const PendingTuple& p, bool acked, const FailureReason* reason) {
  SpoutTask& t = tasks_.at_slot(static_cast<std::size_t>(p.task_slot));
  try {
    if (acked) {
      t.metrics.acked.add();
      t.metrics.complete_latency.record(static_cast<std::uint64_t>((now_ - p.emitted).count()));
      replays_.forget(p.task_slot, p.message_id);
      t.spout->ack(p.message_id);
      return;
    }
    t.metrics.failed.add();
    if (reason->kind == FailureReason::Kind::timeout) t.metrics.timed_out.add();
    if (t.checkpointer) {  // exactly-once: repaired by rolling back and rewinding, not by its id
      t.checkpointer->note_failure();
      return;
    }
    std::int64_t failures = replays_.unlimited() ? 0 : replays_.record_failure(p.task_slot, p.message_id);
    if (replays_.exhausted(failures)) {
      give_up(t, p, failures, *reason);
      return;
    }
    // The reason goes to the log, rate-limited: a replay storm must not become a log storm.
    if (auto n = failure_log_.admit())
      spdlog::warn("[{}] spout {} (task {}): message {} {}{}", run_.plan.topology_name(), plan_.component->id, t.id,
                   p.message_id.to_string(), reason->to_string(), suppressed_note(n));
    t.spout->fail(p.message_id, *reason);
  } catch (const std::exception& e) {
    user_errors_.thrown(t.id, acked ? "ack" : "fail", e);
  }
}

/// The poison-tuple policy: a message that failed 1 + topology.max.replays times is written to
/// the dead-letter file and counted as done; the spout sees an ack, so a source with offsets
/// (Kafka, a CSV progress file) moves past it instead of replaying it forever.
void SpoutExecutor::give_up(SpoutTask& t, const PendingTuple& p, std::int64_t attempts, const FailureReason& reason) {
  std::string error;
  bool written = dead_letters_.write(run_.plan.topology_name(), plan_.component->id, t.id, p.message_id, attempts,
                                     reason, replays_.values_of(p.task_slot, p.message_id), error);
  replays_.forget(p.task_slot, p.message_id);
  t.metrics.dead_lettered.add();
  if (auto n = dead_letter_log_.admit()) {
    if (written)
      spdlog::error("[{}] spout {} (task {}): message {} failed {} times ({}); given up and written to {}{}",
                    run_.plan.topology_name(), plan_.component->id, t.id, p.message_id.to_string(), attempts,
                    reason.to_string(), dead_letters_.path(), suppressed_note(n));
    else
      spdlog::error("[{}] spout {} (task {}): message {} failed {} times ({}); given up, and the dead-letter file "
                    "failed: {}{}", run_.plan.topology_name(), plan_.component->id, t.id, p.message_id.to_string(),
                    attempts, reason.to_string(), error, suppressed_note(n));
  }
  t.spout->ack(p.message_id);
}

void SpoutExecutor::complete_local_trees() {
  auto& roots = emitter_->completed_trees();
  for (std::size_t i = 0; i < roots.size(); ++i)  // complete() may emit, and fold, again
    if (auto p = pending_.take(roots[i])) complete(*p, true, nullptr);
  roots.clear();
}

void SpoutExecutor::run_deferred_acks() {
  for (std::size_t i = 0; i < deferred_acks_.size(); ++i) {
    auto [slot, id] = std::move(deferred_acks_[i]);
    SpoutTask& t = tasks_.at_slot(static_cast<std::size_t>(slot));
    t.metrics.acked.add();
    try {
      t.spout->ack(id);
    } catch (const std::exception& e) {
      user_errors_.thrown(t.id, "ack", e);
    }
  }
  deferred_acks_.clear();
}

void SpoutExecutor::settle_checkpoints() {
  for (std::size_t slot = 0; slot < tasks_.size(); ++slot) {
    SpoutTask& t = tasks_.at_slot(slot);
    if (t.checkpointer) t.checkpointer->settle(pending_.pending(static_cast<int>(slot)));
  }
}

void SpoutExecutor::publish_state() {
  bool all_exhausted = true;
  for (auto& t : tasks_) all_exhausted = all_exhausted && t->exhausted;
  counters_.pending.store(pending_.size(), std::memory_order_relaxed);
  counters_.idle_exhausted.store(all_exhausted && pending_.size() == 0 && deferred_acks_.empty() && backlog_.empty(),
                                 std::memory_order_relaxed);
}

void SpoutExecutor::teardown() {
  for (auto& t : tasks_) {
    try {
      if (!deactivated_) t->spout->deactivate();
      t->spout->close();
    } catch (const std::exception& e) {
      user_errors_.thrown(t->id, "close", e);
    }
  }
}

}  // namespace squall::runtime
