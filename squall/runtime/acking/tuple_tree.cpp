#include "squall/runtime/acking/tuple_tree.hpp"

#include <algorithm>

#include "squall/api/detail/tuple_access.hpp"

namespace squall::runtime::acking {

std::uint64_t start_tree(RandomIds& ids, std::size_t copies, std::vector<std::uint64_t>& edges) {
  edges.clear();
  std::uint64_t init = 0;
  for (std::size_t i = 0; i < copies; ++i) {
    edges.push_back(ids.next());
    init ^= edges.back();
  }
  return init;
}

void anchor(detail::TupleState& child, std::span<const Tuple> anchors, RandomIds& ids) {
  for (const Tuple& a : anchors) {
    auto& parent = detail::TupleAccess::state(a);
    if (parent.anchors.empty()) continue;
    std::uint64_t edge = ids.next();
    parent.ack_value ^= edge;
    for (const auto& [root, _] : parent.anchors) child.anchors.push_back({root, edge});
  }
  auto& edges = child.anchors;
  if (edges.size() < 2) return;
  std::sort(edges.begin(), edges.end(), [](const auto& x, const auto& y) { return x.root < y.root; });
  std::size_t out = 0;
  for (std::size_t i = 1; i < edges.size(); ++i) {
    if (edges[i].root == edges[out].root)
      edges[out].edge ^= edges[i].edge;
    else
      edges[++out] = edges[i];
  }
  edges.resize(out + 1);
}

}  // namespace squall::runtime::acking
