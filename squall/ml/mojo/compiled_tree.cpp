#include "squall/ml/mojo/compiled_tree.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/mojo/java_int.hpp"

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

CompiledTree::CompiledTree(const std::vector<std::uint8_t>& bytes, const std::vector<std::int32_t>& domain_sizes,
                           TreeEncoding encoding)
    : domain_sizes_(domain_sizes), encoding_(encoding) {
  add_nodes(1);  // the root
  // Iterative (the input decides the depth: a 100,000-node chain overflowed the stack), and
  // bounded: every internal node reads at least 4 bytes of its own and adds 2 nodes, so a valid
  // tree has at most 1 + bytes/2 nodes. More means subtrees that share bytes (a left size of 0
  // makes both children one subtree), which grows exponentially with depth.
  const std::size_t max_nodes = std::min(bytes.size() + 1, limits::kTreeNodes);
  std::vector<Pending> todo{{0, 0, 0}};
  while (!todo.empty()) {
    Pending next = todo.back();
    todo.pop_back();
    compile(bytes, next, todo);
    if (nodes_.size() > max_nodes)
      throw std::runtime_error("malformed MOJO tree: more nodes than its " + std::to_string(bytes.size()) +
                               " bytes can hold (subtrees that share bytes)");
  }
}

std::int32_t CompiledTree::add_nodes(std::size_t n) {
  const auto first = static_cast<std::int32_t>(nodes_.size());
  nodes_.resize(nodes_.size() + n);
  leaf_values_.resize(nodes_.size());
  return first;
}

void CompiledTree::throw_short_row(std::size_t column, std::size_t row_size) {
  throw ScoringError("java.lang.ArrayIndexOutOfBoundsException: feature " + std::to_string(column) + " of a row of " +
                     std::to_string(row_size));
}

void CompiledTree::make_leaf(float value, int depth, std::int32_t slot) {
  Node& n = nodes_[static_cast<std::size_t>(slot)];
  n.split = std::numeric_limits<double>::quiet_NaN();  // never right
  n.flags = kLeaf;
  leaf_values_[static_cast<std::size_t>(slot)] = static_cast<double>(value);
  n.left = slot;
  depth_ = std::max(depth_, depth);
}

void CompiledTree::compile(const std::vector<std::uint8_t>& b, Pending at, std::vector<Pending>& todo) {
  const auto [pos, depth, slot] = at;
  Reader r{b, pos};
  const std::uint32_t node_type = r.u(1);
  const std::uint32_t column = r.u(2);
  if (column == 0xFFFF) return make_leaf(r.f32(), depth, slot);  // the whole (sub)tree is one leaf
  const int na_split = static_cast<int>(r.u(1));
  Node node;
  node.split = 0;
  node.column = static_cast<std::uint16_t>(column);
  max_column_ = std::max<std::size_t>(max_column_, column);
  if (na_split != kNaLeftByte && na_split != kLeftByte) node.flags |= kNaRight;
  if (encoding_ == TreeEncoding::v1_20 && column < domain_sizes_.size() && domain_sizes_[column] > 0)
    node.flags |= kCategorical | kSpecial;
  const std::uint32_t equal = node_type & 12;
  auto add_bitset = [&](std::int32_t first, std::int32_t count, std::size_t bytes) {
    r.need(bytes);
    node.flags |= kBitset | kSpecial;
    node.bitset = static_cast<std::uint32_t>(bitsets_.size());
    bitsets_.push_back({static_cast<std::uint32_t>(bits_.size()), count, first});
    bits_.insert(bits_.end(), b.begin() + static_cast<std::ptrdiff_t>(r.pos), b.begin() + static_cast<std::ptrdiff_t>(r.pos + bytes));
    r.pos += bytes;
  };
  if (na_split == kNaVsRestByte) {
    node.flags |= kNaVsRest | kSpecial;
  } else if (equal == 0) {
    node.split = static_cast<double>(r.f32());
  } else if (equal == 8) {  // 32 bits inline
    add_bitset(0, 32, 4);
  } else if (equal == 12 && encoding_ != TreeEncoding::v1_20) {  // offset, byte count, then the bytes
    auto first = static_cast<std::int32_t>(r.u(2));
    auto bytes = static_cast<std::size_t>(r.u(2));
    add_bitset(first, static_cast<std::int32_t>(bytes * 8), bytes);
  } else if (equal == 12) {  // offset, bit count, then the bytes
    auto first = static_cast<std::int32_t>(r.u(2));
    auto count = static_cast<std::int32_t>(r.u(4));
    add_bitset(first, count, ((static_cast<std::size_t>(count) - 1) >> 3) + 1);
  } else {
    throw std::runtime_error("malformed MOJO tree: split encoding 4 (an equality test of MOJO versions before 1.20) is not supported");
  }
  const std::uint32_t left_mask = node_type & 51;
  const std::uint32_t right_mask = (node_type & 0xC0) >> 2;
  has_special_ |= (node.flags & kSpecial) != 0;
  node.left = add_nodes(2);
  nodes_[static_cast<std::size_t>(slot)] = node;
  std::size_t right_pos;
  if (left_mask <= 3) {
    std::uint32_t left_size = r.u(static_cast<int>(left_mask) + 1);
    todo.push_back({r.pos, depth + 1, node.left});
    right_pos = r.pos + left_size;
  } else if (left_mask == 48) {
    make_leaf(r.f32(), depth + 1, node.left);
    right_pos = r.pos;
  } else {
    throw std::runtime_error("malformed MOJO tree: left mask " + std::to_string(left_mask));
  }
  if (right_mask & 16) {
    Reader rr{b, right_pos};
    make_leaf(rr.f32(), depth + 1, node.left + 1);
  } else {
    todo.push_back({right_pos, depth + 1, node.left + 1});
  }
}

template <bool kMayBeNaN, bool kMayBeSpecial>
void CompiledTree::add_lane_scores(const double* rows, std::size_t row_size, double* out, std::size_t out_stride) const {
  // The rows' loads and compares overlap instead of each row waiting on its own chain of node
  // loads; leaves point to themselves, so every row takes depth_ steps.
  std::int32_t at[kLanes] = {};
  for (int level = 0; level < depth_; ++level) {
#pragma GCC unroll 8
    for (std::size_t l = 0; l < kLanes; ++l)
      at[l] = step<false, kMayBeNaN, kMayBeSpecial>(at[l], rows + l * row_size, row_size);
  }
#pragma GCC unroll 8
  for (std::size_t l = 0; l < kLanes; ++l) out[l * out_stride] += leaf_values_[static_cast<std::size_t>(at[l])];
}

void CompiledTree::add_scores(const double* rows, std::size_t n_rows, std::size_t row_size, double* out,
                              std::size_t out_stride, bool rows_have_nan) const {
  std::size_t r = 0;
  if (max_column_ < row_size) {  // else each step checks, and raises as H2O does
    auto lanes = has_special_ ? (rows_have_nan ? &CompiledTree::add_lane_scores<true, true>
                                               : &CompiledTree::add_lane_scores<false, true>)
                              : (rows_have_nan ? &CompiledTree::add_lane_scores<true, false>
                                               : &CompiledTree::add_lane_scores<false, false>);
    for (; r + kLanes <= n_rows; r += kLanes) (this->*lanes)(rows + r * row_size, row_size, out + r * out_stride, out_stride);
  }
  for (; r < n_rows; ++r) out[r * out_stride] += score(rows + r * row_size, row_size);
}

bool CompiledTree::goes_right(const Node& n, double d) const {
  const bool na_way = n.flags & kNaRight;
  if (std::isnan(d)) return na_way;
  if ((n.flags & kCategorical) && java_int(d) >= domain_sizes_[n.column]) return na_way;  // a level unseen in training
  if (n.flags & kNaVsRest) return false;
  if (!(n.flags & kBitset)) return d >= n.split;
  const Bitset& bs = bitsets_[n.bitset];
  const std::int32_t level = java_int(d);
  if (encoding_ == TreeEncoding::v1_00 && level < 0)
    throw ScoringError("java.lang.IndexOutOfBoundsException: idx < 0: " + std::to_string(level));
  const std::int64_t bit = std::int64_t{level} - bs.first;  // 64 bits: a level near INT_MIN must not overflow
  if (bit < 0 || bit >= bs.count) return encoding_ == TreeEncoding::v1_00 ? false : na_way;  // outside the split's bitset
  return (bits_[bs.offset + static_cast<std::uint32_t>(bit >> 3)] >> (bit & 7)) & 1;
}

}  // namespace squall::prediction::mojo
