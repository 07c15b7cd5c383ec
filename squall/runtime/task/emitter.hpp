#pragma once
// The narrow surface collectors emit through: send an envelope to a task, send a tuple's copies to
// its target tasks, and the ids and acker placement that tracking needs. One per executor thread.

#include <memory>
#include <span>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/runtime/acking/random_ids.hpp"
#include "squall/runtime/routing/task_router.hpp"
#include "squall/runtime/run/run_state.hpp"
#include "squall/runtime/transport/outbox.hpp"

namespace squall::runtime {

class Emitter {
 public:
  Emitter(RunState& run, Outbox& outbox) : run_(run), outbox_(outbox) {}
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  /// Queues `envelope` for the executor of its task.
  void send(Envelope&& envelope) { outbox_.push(run_.plan.executor_of(envelope.task), std::move(envelope)); }
  /// Queues `message` for the acker of `root` (ExecutionPlan::acker_for).
  void send_to_acker(std::uint64_t root, Message message) {
    send(Envelope{run_.plan.acker_for(root), std::move(message)});
  }
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
      send(Envelope{targets[i], TupleMessage{Tuple(std::move(state))}});
    }
  }

  /// Whether the topology tracks tuple trees (topology.acker.executors > 0).
  bool acking() const noexcept { return run_.plan.acking(); }
  /// Edge and root ids of this thread.
  RandomIds& ids() noexcept { return ids_; }

 private:
  /// topology.debug: "Emitting: component stream [values]" at INFO, as Storm's executors log it.
  void log_emit(const StreamRoute& route, int source_task, const Values& values) const;

  RunState& run_;
  Outbox& outbox_;
  RandomIds ids_;
};

}  // namespace squall::runtime
