#pragma once
// What a Tuple handle points at. Not part of the API users program against.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "squall/api/anchor_edges.hpp"
#include "squall/api/fields.hpp"
#include "squall/api/value.hpp"

namespace squall::detail {

/// One declared output stream of a component; shared by every tuple of that stream.
struct StreamSchema {
  std::string component;
  std::string stream;
  Fields fields;
  bool direct = false;
  /// Stream "__tick" of component "__system": set by intern_schema, so that Tuple::is_tick, asked
  /// for every tuple, is one load instead of two string compares.
  bool tick = false;
  friend bool operator==(const StreamSchema&, const StreamSchema&) = default;
};

/// The process's one copy of `schema`, created on first use and kept until the process exits.
/// Tuples point at their schema without counting references: a shared count would be written by
/// every emitting and every receiving thread (one contended cache line per tuple), and a tuple
/// kept past its topology still knows its fields. Thread-safe; call it when a topology is
/// planned, not per tuple.
const StreamSchema* intern_schema(StreamSchema schema);

struct TupleState {
  Values values;
  const StreamSchema* schema = nullptr;  // interned: see intern_schema
  int source_task = -1;
  AnchorEdges anchors;
  /// XOR of the edge ids of the children emitted anchored to this tuple (Storm's ackVal).
  /// Only the executor thread that received the tuple touches it.
  std::uint64_t ack_value = 0;
};

}  // namespace squall::detail
