#include "bolts/prediction/mojo/compiled_tree.hpp"

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace squall::prediction::mojo {

namespace {

// The NA split byte, as H2O 3.30 writes it (established against the fixtures' byte layout):
// None 0, NA-vs-rest 1, NA left 2, NA right 3, left 4, right 5.
constexpr int kNaLeft = 2;
constexpr int kLeft = 4;
constexpr int kNaVsRest = 1;

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

/// Java's (int) cast of a double that is not NaN: truncation, saturating at the int range.
std::int32_t java_int(double d) {
  if (d >= 2147483647.0) return std::numeric_limits<std::int32_t>::max();
  if (d <= -2147483648.0) return std::numeric_limits<std::int32_t>::min();
  return static_cast<std::int32_t>(d);
}

}  // namespace

CompiledTree::CompiledTree(const std::vector<std::uint8_t>& bytes) { root_ = compile(bytes, 0); }

std::int32_t CompiledTree::leaf(float value) {
  leaves_.push_back(static_cast<double>(value));
  return ~static_cast<std::int32_t>(leaves_.size() - 1);
}

std::int32_t CompiledTree::compile(const std::vector<std::uint8_t>& b, std::size_t pos) {
  Reader r{b, pos};
  const std::uint32_t node_type = r.u(1);
  const std::uint32_t column = r.u(2);
  if (column == 0xFFFF) return leaf(r.f32());  // the whole (sub)tree is one leaf
  const int na_split = static_cast<int>(r.u(1));
  Node node;
  node.column = static_cast<std::uint16_t>(column);
  node.na_left = na_split == kNaLeft || na_split == kLeft;
  const std::uint32_t equal = node_type & 12;
  if (na_split == kNaVsRest) {
    node.kind = na_vs_rest;
  } else if (equal == 0) {
    node.split = r.f32();
  } else if (equal == 8) {  // 32 bits inline
    node.kind = bitset;
    node.bits_offset = static_cast<std::uint32_t>(bits_.size());
    node.bits_count = 32;
    r.need(4);
    bits_.insert(bits_.end(), b.begin() + static_cast<std::ptrdiff_t>(r.pos), b.begin() + static_cast<std::ptrdiff_t>(r.pos + 4));
    r.pos += 4;
  } else if (equal == 12) {  // offset, bit count, then the bytes
    node.kind = bitset;
    node.bits_first = static_cast<std::int32_t>(r.u(2));
    node.bits_count = static_cast<std::int32_t>(r.u(4));
    std::size_t n = ((static_cast<std::size_t>(node.bits_count) - 1) >> 3) + 1;
    r.need(n);
    node.bits_offset = static_cast<std::uint32_t>(bits_.size());
    bits_.insert(bits_.end(), b.begin() + static_cast<std::ptrdiff_t>(r.pos), b.begin() + static_cast<std::ptrdiff_t>(r.pos + n));
    r.pos += n;
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
    left = compile(b, r.pos);
    right_pos = r.pos + left_size;
  } else if (left_mask == 48) {
    left = leaf(r.f32());
    right_pos = r.pos;
  } else {
    throw std::runtime_error("malformed MOJO tree: left mask " + std::to_string(left_mask));
  }
  std::int32_t right;
  if (right_mask & 16) {
    Reader rr{b, right_pos};
    right = leaf(rr.f32());
  } else {
    right = compile(b, right_pos);
  }
  nodes_[static_cast<std::size_t>(index)].left = left;
  nodes_[static_cast<std::size_t>(index)].right = right;
  return index;
}

double CompiledTree::score(const double* row, std::size_t row_size, const std::vector<std::int32_t>& domain_sizes) const {
  std::int32_t at = root_;
  while (at >= 0) {
    const Node& n = nodes_[static_cast<std::size_t>(at)];
    if (n.column >= row_size)
      throw ScoringError("java.lang.ArrayIndexOutOfBoundsException: feature " + std::to_string(n.column) + " of a row of " +
                         std::to_string(row_size));
    const double d = row[n.column];
    bool right;
    if (std::isnan(d) ||
        (n.column < domain_sizes.size() && domain_sizes[n.column] > 0 && java_int(d) >= domain_sizes[n.column])) {
      right = !n.na_left;  // NaN, and a level beyond the column's domain, go the NA way
    } else if (n.kind == na_vs_rest) {
      right = false;
    } else if (n.kind == numeric) {
      right = d >= static_cast<double>(n.split);
    } else {
      std::int32_t bit = java_int(d) - n.bits_first;
      if (bit < 0 || bit >= n.bits_count) {
        right = !n.na_left;  // outside the split's bitset: the NA way
      } else {
        right = (bits_[n.bits_offset + static_cast<std::uint32_t>(bit >> 3)] >> (bit & 7)) & 1;
      }
    }
    at = right ? n.right : n.left;
  }
  return leaves_[static_cast<std::size_t>(~at)];
}

}  // namespace squall::prediction::mojo
