#include "bolts/prediction/mojo/compiled_tree.hpp"
#include "bolts/prediction/mojo/java_int.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace squall::prediction::mojo {

namespace {

// The NA split byte, as H2O 3.30 writes it (established against the fixtures' byte layout):
// None 0, NA-vs-rest 1, NA left 2, NA right 3, left 4, right 5.
constexpr int kNaLeftByte = 2;
constexpr int kLeftByte = 4;
constexpr int kNaVsRestByte = 1;

struct Reader {
  const std::vector<std::uint8_t>& b;
  std::size_t pos;
  void need(std::size_t n) const {
    if (pos + n > b.size()) throw std::runtime_error("malformed MOJO tree: truncated at byte " + std::to_string(pos));
  }
  std::uint32_t u(int n) {
    need(static_cast<std::size_t>(n));
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(b[pos + i]) << (8 * i);
    pos += static_cast<std::size_t>(n);
    return v;
  }
  float f32() {
    std::uint32_t bits = u(4);
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
  }
};


}  // namespace

CompiledTree::CompiledTree(const std::vector<std::uint8_t>& bytes, const std::vector<std::int32_t>& domain_sizes)
    : domain_sizes_(domain_sizes) {
  root_ = compile(bytes, 0, 0);
}

void CompiledTree::throw_short_row(std::size_t column, std::size_t row_size) {
  throw ScoringError("java.lang.ArrayIndexOutOfBoundsException: feature " + std::to_string(column) + " of a row of " +
                     std::to_string(row_size));
}

std::int32_t CompiledTree::leaf(float value, int depth) {
  auto index = static_cast<std::int32_t>(nodes_.size());
  Node n;
  n.split = value;
  n.flags = kLeaf;
  n.left = n.right = index;
  nodes_.push_back(n);
  depth_ = std::max(depth_, depth);
  return index;
}

std::int32_t CompiledTree::compile(const std::vector<std::uint8_t>& b, std::size_t pos, int depth) {
  Reader r{b, pos};
  const std::uint32_t node_type = r.u(1);
  const std::uint32_t column = r.u(2);
  if (column == 0xFFFF) return leaf(r.f32(), depth);  // the whole (sub)tree is one leaf
  const int na_split = static_cast<int>(r.u(1));
  Node node;
  node.split = 0;
  node.column = static_cast<std::uint16_t>(column);
  max_column_ = std::max<std::size_t>(max_column_, column);
  if (na_split == kNaLeftByte || na_split == kLeftByte) node.flags |= kNaLeft;
  if (column < domain_sizes_.size() && domain_sizes_[column] > 0) node.flags |= kCategorical;
  const std::uint32_t equal = node_type & 12;
  auto add_bitset = [&](std::int32_t first, std::int32_t count, std::size_t bytes) {
    r.need(bytes);
    node.flags |= kBitset;
    node.bitset = static_cast<std::uint32_t>(bitsets_.size());
    bitsets_.push_back({static_cast<std::uint32_t>(bits_.size()), count, first});
    bits_.insert(bits_.end(), b.begin() + static_cast<std::ptrdiff_t>(r.pos), b.begin() + static_cast<std::ptrdiff_t>(r.pos + bytes));
    r.pos += bytes;
  };
  if (na_split == kNaVsRestByte) {
    node.flags |= Flags::kNaVsRest;
  } else if (equal == 0) {
    node.split = r.f32();
  } else if (equal == 8) {  // 32 bits inline
    add_bitset(0, 32, 4);
  } else if (equal == 12) {  // offset, bit count, then the bytes
    auto first = static_cast<std::int32_t>(r.u(2));
    auto count = static_cast<std::int32_t>(r.u(4));
    add_bitset(first, count, ((static_cast<std::size_t>(count) - 1) >> 3) + 1);
  } else {
    throw std::runtime_error("malformed MOJO tree: split encoding 4 (an equality test of MOJO versions before 1.20) is not supported");
  }
  const std::uint32_t left_mask = node_type & 51;
  const std::uint32_t right_mask = (node_type & 0xC0) >> 2;
  std::size_t right_pos;
  std::int32_t index = static_cast<std::int32_t>(nodes_.size());
  nodes_.push_back(node);
  std::int32_t left;
  if (left_mask <= 3) {
    std::uint32_t left_size = r.u(static_cast<int>(left_mask) + 1);
    left = compile(b, r.pos, depth + 1);
    right_pos = r.pos + left_size;
  } else if (left_mask == 48) {
    left = leaf(r.f32(), depth + 1);
    right_pos = r.pos;
  } else {
    throw std::runtime_error("malformed MOJO tree: left mask " + std::to_string(left_mask));
  }
  std::int32_t right;
  if (right_mask & 16) {
    Reader rr{b, right_pos};
    right = leaf(rr.f32(), depth + 1);
  } else {
    right = compile(b, right_pos, depth + 1);
  }
  nodes_[static_cast<std::size_t>(index)].left = left;
  nodes_[static_cast<std::size_t>(index)].right = right;
  return index;
}

void CompiledTree::add_scores(const double* rows, std::size_t n_rows, std::size_t row_size, double* out,
                              std::size_t out_stride) const {
  // Eight rows walk the tree in lock-step for its full depth (leaves point to themselves): their
  // loads and compares overlap instead of each row waiting on its own chain of node loads.
  constexpr std::size_t kLanes = 8;
  std::size_t r = 0;
  const bool short_rows = max_column_ >= row_size;  // then each step checks, and raises as H2O does
  for (; !short_rows && r + kLanes <= n_rows; r += kLanes) {
    std::int32_t at[kLanes];
    for (std::size_t l = 0; l < kLanes; ++l) at[l] = root_;
    for (int level = 0; level < depth_; ++level)
      for (std::size_t l = 0; l < kLanes; ++l) at[l] = step<false>(at[l], rows + (r + l) * row_size, row_size);
    for (std::size_t l = 0; l < kLanes; ++l) out[(r + l) * out_stride] += static_cast<double>(nodes_[static_cast<std::size_t>(at[l])].split);
  }
  for (; r < n_rows; ++r) out[r * out_stride] += score(rows + r * row_size, row_size);
}

bool CompiledTree::goes_right(const Node& n, double d) const {
  const bool na_way = !(n.flags & kNaLeft);
  if (std::isnan(d)) return na_way;
  if ((n.flags & kCategorical) && java_int(d) >= domain_sizes_[n.column]) return na_way;  // a level unseen in training
  switch (n.flags & kKindMask) {
    case kNumeric: return d >= static_cast<double>(n.split);
    case Flags::kNaVsRest: return false;
    default: {
      const Bitset& bs = bitsets_[n.bitset];
      std::int32_t bit = java_int(d) - bs.first;
      if (bit < 0 || bit >= bs.count) return na_way;  // outside the split's bitset
      return (bits_[bs.offset + static_cast<std::uint32_t>(bit >> 3)] >> (bit & 7)) & 1;
    }
  }
}

}  // namespace squall::prediction::mojo
