#pragma once
// Storm's acking arithmetic, in one place: the ids a spout tuple's tree starts with, how an emit
// anchors a child to its parents, and what acking or failing a tuple tells the acker. The acker's
// side (the XOR ledger per root) is AckLedger. Source: Storm's docs "Guaranteeing Message
// Processing" and "Acking framework implementation" (https://storm.apache.org/releases/2.6.0/),
// storm-client's SpoutOutputCollectorImpl, BoltOutputCollectorImpl and Acker.
//
// Every tuple of a tree carries, per root, the XOR of its edge ids. The acker XORs the spout's
// init (the XOR of the first edges) with each acked tuple's (its edge ^ the edges of the children
// anchored to it): every edge enters twice (created by the parent's ack, consumed by the child's
// ack), so the value is 0 exactly when every tuple of the tree has been acked (a false 0 has
// probability 2^-64 per step).

#include <cstdint>
#include <span>
#include <vector>

#include "squall/api/tuple.hpp"
#include "squall/runtime/acking/random_ids.hpp"

namespace squall::runtime::acking {

/// A spout tuple with a message id sent as `copies` copies: fills `edges` with one fresh edge id
/// per copy (copy i carries {root, edges[i]}) and returns the acker's init value, their XOR.
std::uint64_t start_tree(RandomIds& ids, std::size_t copies, std::vector<std::uint64_t>& edges);

/// A bolt emit anchored to `anchors`: gives `child` one fresh edge per tracked anchor, XORs it into
/// that anchor's ack value and into the child's id under each of the anchor's roots. Edges under
/// one root are folded into one entry (by sorting: anchoring to a window of n tuples costs
/// n log n). Untracked anchors (no roots) are skipped; a child of no tracked anchor is untracked.
void anchor(detail::TupleState& child, std::span<const Tuple> anchors, RandomIds& ids);

/// What acking or failing `tuple` reports to the acker of each of its roots: calls
/// `report(root, value)` with value = its edge ^ its children's edges (Storm's ack value).
template <typename Report>
void for_each_root(const detail::TupleState& tuple, Report&& report) {
  for (const auto& [root, edge] : tuple.anchors) report(root, edge ^ tuple.ack_value);
}

}  // namespace squall::runtime::acking
