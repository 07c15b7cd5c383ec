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
  /// Compiles the bytes of trees/tCC_TTT.bin. Throws ModelError-like std::runtime_error on a
  /// malformed tree.
  explicit CompiledTree(const std::vector<std::uint8_t>& bytes);

  /// The leaf value for `row` (`row_size` doubles), as a double. `domain_sizes[c]` is the level
  /// count of categorical column c (0 for numeric columns): a larger level goes the NA way.
  double score(const double* row, std::size_t row_size, const std::vector<std::int32_t>& domain_sizes) const;

 private:
  enum Kind : std::uint8_t { numeric, bitset, na_vs_rest };
  struct Node {
    float split = 0;
    std::uint16_t column = 0;
    Kind kind = numeric;
    bool na_left = false;
    std::uint32_t bits_offset = 0;  // into bits_, for bitset splits
    std::int32_t bits_count = 0;
    std::int32_t bits_first = 0;    // the level of bit 0
    std::int32_t left = 0, right = 0;  // >= 0: node index; < 0: ~leaf index
  };
  std::int32_t compile(const std::vector<std::uint8_t>& b, std::size_t pos);
  std::int32_t leaf(float value);

  std::vector<Node> nodes_;
  std::vector<double> leaves_;
  std::vector<std::uint8_t> bits_;
  std::int32_t root_ = 0;
};

}  // namespace squall::prediction::mojo
