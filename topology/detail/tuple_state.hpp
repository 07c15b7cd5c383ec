#pragma once
// What a Tuple handle points at. Not part of the API users program against.

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "topology/fields.hpp"
#include "topology/value.hpp"

namespace squall::detail {

/// One declared output stream of a component; shared by every tuple of that stream.
struct StreamSchema {
  std::string component;
  std::string stream;
  Fields fields;
  bool direct = false;
};

/// One (root id, edge id) pair of Storm's acking: the tuple belongs to the tree `root`, and
/// `edge` is the XOR of the edge ids this tuple carries in that tree (GUIDE.md §2).
struct AnchorEdge {
  std::uint64_t root;
  std::uint64_t edge;
};

struct TupleState {
  Values values;
  std::shared_ptr<const StreamSchema> schema;
  int source_task = -1;
  std::vector<AnchorEdge> anchors;
  /// XOR of the edge ids of the children emitted anchored to this tuple (Storm's ackVal).
  /// Only the executor thread that received the tuple touches it.
  std::uint64_t ack_value = 0;
};

}  // namespace squall::detail
