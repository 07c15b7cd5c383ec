#pragma once
// A receiver on the emitting thread: how an Emitter hands a chained bolt its tuples.

#include "squall/runtime/message/envelope.hpp"

namespace squall::runtime {

/// Tasks of an executor chained to the emitting one (ExecutionPlan, squall.topology.chaining):
/// the Emitter calls receive() for a tuple addressed to them instead of queueing it, so the
/// tuple is executed before the emit returns, on the same thread.
class ChainedReceiver {
 public:
  /// Executes `tuple` on task `task` (one of the receiver's).
  virtual void receive(int task, const Tuple& tuple) = 0;
  /// Executes a tuple envelope; anything else is logged (rate-limited) and dropped.
  virtual void receive(const Envelope& envelope) = 0;

 protected:
  ~ChainedReceiver() = default;
};

}  // namespace squall::runtime
