#pragma once
// The runtime's way into a Tuple's shared state (anchors, ack value): acking, the wire codec and
// tests. Not installed: users read tuples through Tuple's accessors only.

#include "squall/api/tuple.hpp"

namespace squall::detail {

struct TupleAccess {
  static TupleState& state(const Tuple& tuple) noexcept { return *tuple.s_; }
};

}  // namespace squall::detail
