#pragma once
// The narrow surface collectors emit through: send an envelope to a task (queued, or executed at
// once when the task is chained to this thread), send a tuple's copies to its target tasks, fold
// acker messages, and the ids and acker placement that tracking needs. One per executor thread.

#include <memory>
#include <span>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/runtime/acking/ack_folder.hpp"
#include "squall/runtime/acking/random_ids.hpp"
#include "squall/runtime/routing/task_router.hpp"
#include "squall/runtime/run/run_state.hpp"
#include "squall/runtime/task/chained_receiver.hpp"
#include "squall/runtime/transport/outbox.hpp"

namespace squall::runtime {

class Emitter {
 public:
  Emitter(RunState& run, Outbox& outbox) : run_(run), outbox_(outbox) {}
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  /// Queues `envelope` for the executor of its task, or, when that task is chained to this
  /// thread, has it executed now.
  void send(Envelope&& envelope) {
    if (ChainedReceiver* chained = chained_receiver(envelope.task)) return chained->receive(envelope);
    queue(std::move(envelope));
  }
  /// From now on, envelopes to `task` go to `receiver` on this thread.
  void chain(int task, ChainedReceiver& receiver) {
    auto slot = static_cast<std::size_t>(task);
    if (chained_.size() <= slot) chained_.resize(slot + 1, nullptr);
    chained_[slot] = &receiver;
  }
  /// Queues `message` for the acker of `root` (ExecutionPlan::acker_for) at once, after what is
  /// folded for `root` (a fail or a timeout reset).
  void send_to_acker(std::uint64_t root, Message message) {
    if (auto folded = folder_.take(root)) send_folded(*folded);
    send(Envelope{run_.plan.acker_for(root), std::move(message)});
  }
  /// A spout's init of the tree of `root` and a bolt's ack of one of its tuples: folded per root
  /// (AckFolder) until settle_acks.
  void init_tree(std::uint64_t root, std::uint64_t edges_xor, int spout_task) {
    folder_.init(root, edges_xor, spout_task);
    if (folder_.size() >= kMaxFolded) settle_acks();
  }
  void ack_tree(std::uint64_t root, std::uint64_t value) {
    folder_.ack(root, value);
    if (folder_.size() >= kMaxFolded) settle_acks();
  }
  /// Queues one message per folded root for its acker. A tree completed on this thread is not
  /// sent: its root is added to completed_trees() for the spout executor to complete.
  void settle_acks() {
    if (folder_.size() > 0) folder_.drain([this](const AckFolder::Folded& f) { send_folded(f); });
  }
  /// Roots of trees completed on this thread, oldest first; the spout executor empties it.
  std::vector<std::uint64_t>& completed_trees() noexcept { return completed_; }
  /// Sends `values` as one tuple of `route` from `source_task` to each of `targets`; the last
  /// copy takes the values, the others copy them. `set_anchors(state, i)` stamps copy i's acking
  /// ids before it leaves.
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
      if (ChainedReceiver* chained = chained_receiver(targets[i]))
        chained->receive(targets[i], Tuple(std::move(state)));  // no envelope built per hop
      else
        queue(Envelope{targets[i], TupleMessage{Tuple(std::move(state))}});
    }
  }

  /// Whether the topology tracks tuple trees (topology.acker.executors > 0).
  bool acking() const noexcept { return run_.plan.acking(); }
  /// Edge and root ids of this thread.
  RandomIds& ids() noexcept { return ids_; }

 private:
  void queue(Envelope&& envelope) { outbox_.push(run_.plan.executor_of(envelope.task), std::move(envelope)); }
  ChainedReceiver* chained_receiver(int task) const noexcept {
    auto slot = static_cast<std::size_t>(task);
    return slot < chained_.size() ? chained_[slot] : nullptr;
  }
  static constexpr std::size_t kMaxFolded = 256;  ///< roots folded before they are sent anyway
  void send_folded(const AckFolder::Folded& f) {
    switch (AckFolder::outcome(f)) {
      case AckFolder::Outcome::completed_here: completed_.push_back(f.root); break;
      case AckFolder::Outcome::send_init:
        send(Envelope{run_.plan.acker_for(f.root), AckInit{f.root, f.value, f.spout_task}});
        break;
      case AckFolder::Outcome::send_ack: send(Envelope{run_.plan.acker_for(f.root), AckAck{f.root, f.value}}); break;
      case AckFolder::Outcome::nothing: break;
    }
  }
  /// topology.debug: "Emitting: component stream [values]" at INFO, as Storm's executors log it.
  void log_emit(const StreamRoute& route, int source_task, const Values& values) const;

  RunState& run_;
  Outbox& outbox_;
  RandomIds ids_;
  std::vector<ChainedReceiver*> chained_;  ///< by task id; null for a task on another thread
  AckFolder folder_;
  std::vector<std::uint64_t> completed_;
};

}  // namespace squall::runtime
