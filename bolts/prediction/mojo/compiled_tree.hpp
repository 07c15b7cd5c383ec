#pragma once
// One H2O tree compiled from its MOJO byte layout into a flat array of nodes, walked without
// allocation. The semantics follow h2o-genmodel's SharedTreeMojoModel.scoreTree (MOJO 1.20 to
// 1.40): a numeric split goes right when x >= the split value (a float); a categorical split goes
// right when the level's bit is set; NaN, and a level outside the split's bitset, follow the
// node's NA direction, as does a categorical level beyond the column's domain; an NA-vs-rest
// split sends NaN one way and every value the other.

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace squall::prediction::mojo {

/// Raised where H2O's Java runtime raises: a row too short for a feature the tree reads
/// (ArrayIndexOutOfBoundsException), a categorical value out of range (GLM), a short output array.
class ScoringError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class CompiledTree {
 public:
  /// Compiles the bytes of trees/tCC_TTT.bin. `domain_sizes[c]` is the level count of categorical
  /// column c (0 for numeric ones): a larger level goes the NA way. Throws std::runtime_error on a
  /// malformed tree.
  CompiledTree(const std::vector<std::uint8_t>& bytes, const std::vector<std::int32_t>& domain_sizes);

  /// The leaf value for `row` (`row_size` doubles), as a double.
  double score(const double* row, std::size_t row_size) const {
    return static_cast<double>(nodes_[static_cast<std::size_t>(walk(row, row_size))].split);
  }

  /// Adds the tree's value for each of `n_rows` rows (`row_size` doubles apart) to
  /// out[r * out_stride]: one tree over many rows keeps the tree in cache.
  void add_scores(const double* rows, std::size_t n_rows, std::size_t row_size, double* out, std::size_t out_stride) const;

 private:
  enum Flags : std::uint8_t { kNumeric = 0, kBitset = 1, kNaVsRest = 2, kKindMask = 3, kNaLeft = 4, kCategorical = 8, kLeaf = 16 };
  /// 16 bytes, so that four share a cache line. A leaf is a node whose children are itself and
  /// whose `split` holds the leaf value: walking past it changes nothing, so several rows can
  /// walk a tree in lock-step for its full depth without a branch per row.
  struct Node {
    union {
      float split;              // numeric: go right when x >= split; a leaf's value
      std::uint32_t bitset;     // bitset splits: index into bitsets_
    };
    std::uint16_t column = 0;
    std::uint8_t flags = 0;
    std::int32_t left = 0, right = 0;  // child node indexes
  };
  struct Bitset {
    std::uint32_t offset;  // into bits_
    std::int32_t count;
    std::int32_t first;    // the level of bit 0
  };

  /// Compiles the subtree at `pos`; returns its node index and raises depth_ to its depth.
  std::int32_t compile(const std::vector<std::uint8_t>& b, std::size_t pos, int depth);
  std::int32_t leaf(float value, int depth);
  bool goes_right(const Node& n, double d) const;

  /// One step down from node `at` for a row: the child index (or ~leaf). Plain numeric splits
  /// (the common case) take a branch-free path.
  template <bool kChecked = true>
  std::int32_t step(std::int32_t at, const double* row, std::size_t row_size) const {
    const Node& n = nodes_[static_cast<std::size_t>(at)];
    if (kChecked && n.column >= row_size) throw_short_row(n.column, row_size);
    const double d = row[n.column];
    bool right;
    if ((n.flags & (kKindMask | kCategorical)) == 0)
      right = (d >= static_cast<double>(n.split)) | ((d != d) & !(n.flags & kNaLeft));
    else
      right = goes_right(n, d);
    return right ? n.right : n.left;
  }

  /// The leaf node that `row` reaches.
  std::int32_t walk(const double* row, std::size_t row_size) const {
    std::int32_t at = root_;
    while (!(nodes_[static_cast<std::size_t>(at)].flags & kLeaf)) at = step(at, row, row_size);
    return at;
  }
  [[noreturn]] static void throw_short_row(std::size_t column, std::size_t row_size);

  std::vector<Node> nodes_;
  std::vector<Bitset> bitsets_;
  std::vector<std::uint8_t> bits_;
  std::vector<std::int32_t> domain_sizes_;
  std::int32_t root_ = 0;
  int depth_ = 0;  // edges from the root to the deepest leaf
  std::size_t max_column_ = 0;  // the highest feature a split reads
};

}  // namespace squall::prediction::mojo
