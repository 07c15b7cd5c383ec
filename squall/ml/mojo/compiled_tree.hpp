#pragma once
// One H2O tree compiled from its MOJO byte layout into a flat array of nodes, walked without
// allocation. The semantics follow h2o-genmodel's SharedTreeMojoModel tree walkers (ScoreTree2
// for MOJO 1.20 to 1.40): a numeric split goes right when x >= the split value (a float); a
// categorical split goes right when the level's bit is set; NaN, and a level outside the split's
// bitset, follow the node's NA direction, as does a categorical level beyond the column's domain;
// an NA-vs-rest split sends NaN one way and every value the other. The older encodings differ in
// their bitsets only: see TreeEncoding.

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "squall/ml/mojo/scoring_error.hpp"

namespace squall::prediction::mojo {

/// The tree walker of a MOJO version, as h2o-genmodel keeps one per version (ScoreTree0, 1, 2 in
/// hex.genmodel.algos.tree, with GenmodelBitSet's contains0 and fill3_1 "set in stone"):
/// - v1_00 (MOJO 1.00): a level below 0 raises (IndexOutOfBoundsException); a level outside the
///   split's bitset goes left; no domain check; a long bitset's header gives its length in bytes
///   (2 bytes), not in bits (the trees of the 1.00 fixtures are written so).
/// - v1_10 (MOJO 1.10): a level outside the bitset goes the NA way; the header as in 1.00; no
///   domain check.
/// - v1_20 (MOJO 1.20 to 1.40): as v1_10 with the length in bits (4 bytes), and a level beyond the
///   column's domain goes the NA way.
enum class TreeEncoding { v1_00, v1_10, v1_20 };

class CompiledTree {
 public:
  /// Compiles the bytes of trees/tCC_TTT.bin. `domain_sizes[c]` is the level count of categorical
  /// column c (0 for numeric ones): with v1_20, a larger level goes the NA way. Throws
  /// std::runtime_error on a malformed tree.
  CompiledTree(const std::vector<std::uint8_t>& bytes, const std::vector<std::int32_t>& domain_sizes,
               TreeEncoding encoding = TreeEncoding::v1_20);

  /// The leaf value for `row` (`row_size` doubles), as a double.
  double score(const double* row, std::size_t row_size) const { return leaf_values_[static_cast<std::size_t>(walk(row, row_size))]; }

  /// Adds the tree's value for each of `n_rows` rows (`row_size` doubles apart) to
  /// out[r * out_stride]: one tree over many rows keeps the tree in cache. `rows_have_nan` false
  /// promises that no row holds a NaN, which drops the NA test from every step.
  void add_scores(const double* rows, std::size_t n_rows, std::size_t row_size, double* out, std::size_t out_stride,
                  bool rows_have_nan = true) const;

 private:
  enum Flags : std::uint8_t {
    kNaRight = 1,  // NaN (and, for special splits, an out-of-range level) goes right
    kSpecial = 2,  // a bitset, NA-vs-rest or categorical split: goes_right() decides
    kLeaf = 4,
    kBitset = 8,
    kNaVsRest = 16,
    kCategorical = 32,
  };
  /// 16 bytes, so that four share a cache line. The children are adjacent (right = left + 1), so
  /// a step is an add, not a branch. A leaf is its own left child with a NaN split (never right):
  /// walking past it changes nothing, so several rows walk a tree in lock-step for its full depth.
  struct Node {
    union {
      double split;           // numeric: go right when x >= split (H2O's float, widened); NaN for a leaf
      std::uint32_t bitset;   // kBitset: index into bitsets_
    };
    std::int32_t left = 0;    // the left child's index; the right child follows it
    std::uint16_t column = 0;
    std::uint8_t flags = 0;
  };
  struct Bitset {
    std::uint32_t offset;  // into bits_
    std::int32_t count;
    std::int32_t first;    // the level of bit 0
  };

  /// Appends `n` empty nodes (and their leaf values); returns the index of the first.
  std::int32_t add_nodes(std::size_t n);
  /// A subtree still to compile: its first byte, its depth, and the node it becomes.
  struct Pending {
    std::size_t pos;
    int depth;
    std::int32_t slot;
  };
  /// Compiles the node at `at` into its slot, queueing its subtrees on `todo`; raises depth_.
  void compile(const std::vector<std::uint8_t>& b, Pending at, std::vector<Pending>& todo);
  void make_leaf(float value, int depth, std::int32_t slot);
  bool goes_right(const Node& n, double d) const;

  /// One step down from node `at` for a row: the child's index (a leaf's is itself). The flags
  /// drop tests that cannot matter: the row-size check (rows wide enough for every split), the
  /// NA test (no NaN in the rows), the special-split test (a tree of plain numeric splits).
  template <bool kChecked = true, bool kMayBeNaN = true, bool kMayBeSpecial = true>
  std::int32_t step(std::int32_t at, const double* row, std::size_t row_size) const {
    const Node& n = nodes_[static_cast<std::size_t>(at)];
    if (kChecked && n.column >= row_size) throw_short_row(n.column, row_size);
    const double d = row[n.column];
    bool right;
    if (kMayBeSpecial && (n.flags & kSpecial)) [[unlikely]]
      right = goes_right(n, d);
    else if (kMayBeNaN)
      right = (d >= n.split) | ((d != d) & (n.flags & kNaRight));
    else
      right = d >= n.split;
    return n.left + static_cast<std::int32_t>(right);
  }

  /// Rows that walk a tree together in add_scores.
  static constexpr std::size_t kLanes = 8;
  /// Walks kLanes rows (`row_size` apart from `rows`) down the tree in lock-step and adds their
  /// leaf values to out[l * out_stride].
  template <bool kMayBeNaN, bool kMayBeSpecial>
  void add_lane_scores(const double* rows, std::size_t row_size, double* out, std::size_t out_stride) const;

  /// The leaf node that `row` reaches.
  std::int32_t walk(const double* row, std::size_t row_size) const {
    std::int32_t at = 0;
    while (!(nodes_[static_cast<std::size_t>(at)].flags & kLeaf)) at = step(at, row, row_size);
    return at;
  }
  [[noreturn]] static void throw_short_row(std::size_t column, std::size_t row_size);

  std::vector<Node> nodes_;           // the root is node 0
  std::vector<double> leaf_values_;   // per node (a leaf's value; 0 for inner nodes)
  std::vector<Bitset> bitsets_;
  std::vector<std::uint8_t> bits_;
  std::vector<std::int32_t> domain_sizes_;
  TreeEncoding encoding_;
  int depth_ = 0;  // edges from the root to the deepest leaf
  bool has_special_ = false;  // any bitset, NA-vs-rest or categorical split
  std::size_t max_column_ = 0;  // the highest feature a split reads
};

}  // namespace squall::prediction::mojo
