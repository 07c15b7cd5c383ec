#pragma once
// A receiver on the emitting thread: how an Emitter hands a chained bolt its tuples.

#include "squall/runtime/message/envelope.hpp"

namespace squall::runtime {

/// Tasks of an executor chained to the emitting one (ExecutionPlan, squall.topology.chaining):
/// Emitter::send calls receive() for an envelope addressed to them instead of queueing it, so
/// the tuple is executed before send returns, on the same thread.
class ChainedReceiver {
 public:
  virtual void receive(const Envelope& envelope) = 0;

 protected:
  ~ChainedReceiver() = default;
};

}  // namespace squall::runtime
