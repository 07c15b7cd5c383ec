#pragma once
// What executors send each other: tuples and acker messages, grouped into batches.

#include <cstdint>
#include <memory>
#include <vector>

#include "squall/api/tuple.hpp"

namespace squall::runtime {

enum class EnvelopeKind : std::uint8_t {
  tuple,        ///< a data tuple for `task`
  ack_init,     ///< spout → acker: root created with XOR `value`, owned by spout task `origin_task`
  ack_ack,      ///< bolt → acker: XOR `value` into `root`
  ack_fail,     ///< bolt → acker: `root` failed at task `origin_task`
  ack_reset,    ///< bolt → acker: restart the timeout of `root`
  root_acked,   ///< acker → spout task `task`: the tree of `root` is complete
  root_failed,  ///< acker → spout task `task`: `root` was failed by `origin_task`
  root_reset,   ///< acker → spout task `task`: restart the timeout of `root`
};

struct Envelope {
  EnvelopeKind kind = EnvelopeKind::tuple;
  std::int32_t task = -1;         ///< destination task
  std::int32_t origin_task = -1;  ///< see EnvelopeKind
  std::uint64_t root = 0;
  std::uint64_t value = 0;
  Tuple tuple;  ///< only for EnvelopeKind::tuple
};

/// Envelopes travel between threads in batches; inside a process a batch moves by pointer.
using Batch = std::vector<Envelope>;

}  // namespace squall::runtime
