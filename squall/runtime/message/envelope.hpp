#pragma once
// What executors send each other: typed messages (a data tuple, or one of Storm's acker messages),
// each addressed to a task, grouped into batches.

#include <cstdint>
#include <variant>
#include <vector>

#include "squall/api/tuple.hpp"

namespace squall::runtime {

/// A data tuple for the envelope's task.
struct TupleMessage {
  Tuple tuple;
};

// Spout and bolts → acker: the events of a tuple tree, Storm's acker streams (__ack_init,
// __ack_ack, __ack_fail, __ack_reset_timeout; storm-client's Acker).

/// A spout created the tree of `root`; `edges_xor` is the XOR of the first tuples' edge ids.
struct AckInit {
  std::uint64_t root = 0;
  std::uint64_t edges_xor = 0;
  std::int32_t spout_task = -1;  ///< the task told when the tree completes or fails
};
/// A bolt acked a tuple of the tree: XOR `value` (its edge ^ its children's edges) into `root`.
struct AckAck {
  std::uint64_t root = 0;
  std::uint64_t value = 0;
};
/// A bolt failed a tuple of the tree of `root`.
struct AckFail {
  std::uint64_t root = 0;
  std::int32_t failed_by_task = -1;
};
/// A bolt asked for more time: restart the message timeout of `root`.
struct AckResetTimeout {
  std::uint64_t root = 0;
};

// Acker → the spout task that owns the root: the verdict.

/// Every tuple of the tree of `root` was acked.
struct RootAcked {
  std::uint64_t root = 0;
};
/// A tuple of the tree of `root` was failed by bolt task `failed_by_task`.
struct RootFailed {
  std::uint64_t root = 0;
  std::int32_t failed_by_task = -1;
};
/// Restart the spout's message timeout of `root`.
struct RootResetTimeout {
  std::uint64_t root = 0;
};

/// One message. The alternatives' order is the wire's kind byte (serialization/tuple_codec):
/// append, never reorder.
using Message =
    std::variant<TupleMessage, AckInit, AckAck, AckFail, AckResetTimeout, RootAcked, RootFailed, RootResetTimeout>;

struct Envelope {
  std::int32_t task = -1;  ///< destination task
  Message message;
};

/// Envelopes travel between threads in batches; inside a process a batch moves by pointer.
using Batch = std::vector<Envelope>;

/// std::visit over several lambdas: `std::visit(Overloaded{[](const AckInit&) {...}, ...}, m)`.
template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};

}  // namespace squall::runtime
