#pragma once
// A bolt whose state survives failures (Storm's IStatefulBolt; docs/state.md).

#include <cstdint>

#include "squall/api/bolt.hpp"
#include "squall/api/state/key_value_state.hpp"

namespace squall {

/// A bolt with checkpointed state. The runtime adds a checkpoint spout to a topology holding one,
/// and every topology.state.checkpoint.interval.ms saves each stateful bolt's state in two phases
/// (PREPARE, then COMMIT), as Storm's State-checkpointing does
/// (https://storm.apache.org/releases/2.6.0/State-checkpointing.html). After a failure, state
/// rolls back to the last committed checkpoint and the tuples processed since are replayed.
///
/// Lifecycle: prepare(), then init_state() once the checkpoint spout has restored the state, then
/// execute(). Tuples that arrive before init_state() wait. An input the bolt acks is acked
/// upstream only once the checkpoint holding its effect is committed; so at-least-once holds
/// for the state as for the outputs, and, with replayable spouts, the state is exactly-once.
class StatefulBolt : public Bolt {
 public:
  /// Hands the bolt its state, restored to the last committed checkpoint (empty at first). The
  /// reference stays valid until cleanup(); rollbacks change its contents, not its identity.
  virtual void init_state(KeyValueState& state) = 0;
  /// Before the state of checkpoint `txid` is prepared: put what the bolt keeps elsewhere into it.
  virtual void pre_prepare(std::int64_t txid) { (void)txid; }
  /// Before checkpoint `txid` is committed.
  virtual void pre_commit(std::int64_t txid) { (void)txid; }
  /// Before the state rolls back to the last committed checkpoint: drop what the bolt keeps
  /// elsewhere.
  virtual void pre_rollback() {}
  /// Whether this instance keeps state at all: a bolt whose state is a setting (AggregationBolt's
  /// `stateful`) says no when it is off, and is then run as a plain bolt. Asked of the instance
  /// made when the topology is built, and of each task's.
  virtual bool keeps_state() const { return true; }
};

/// `bolt` as a StatefulBolt that keeps state (keeps_state()), or nullptr.
inline StatefulBolt* stateful_part(Bolt* bolt) {
  auto* stateful = dynamic_cast<StatefulBolt*>(bolt);
  return stateful && stateful->keeps_state() ? stateful : nullptr;
}

}  // namespace squall
