#pragma once
// One tree of an H2O POJO: the nested conditional expression of a generated Tree class's score0,
// compiled into nodes walked without allocation. Internal to the POJO importer.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "squall/ml/pojo/java_source.hpp"

namespace squall::prediction::pojo {

/// A tree class's byte arrays by name (GRPSPLIT0 = new byte[] {30, 0, 0, 0}): the level sets of
/// its categorical splits, bit i of byte i/8 standing for level i + the split's offset.
using ByteArrays = std::map<std::string, std::vector<std::int8_t>>;

/// A tree class's score0(double[] data): the expression it returns, its parameter's name, and
/// the byte arrays of its class.
struct TreeSource {
  Expr body;
  std::string data;
  ByteArrays bytes;
};

/// The tree of a subtree call `SubTree.score0(data)`, which H2O writes in place of a subtree when
/// a tree's method grows too long (TreeJCodeGen). Throws SourceError when there is no such class.
using SubtreeResolver = std::function<TreeSource(const Expr& call)>;

class PojoTree {
 public:
  /// Compiles `tree.body`, the expression a tree's score0 returns, reading the array `tree.data`. Conditions H2O writes are compiled to typed nodes: `data[i] < v`,
  /// `data[i] != v` and `!GenModel.bitSetContains(BITS, off, (int) data[i])`; any other mix of
  /// comparisons, &&, ||, !, Double.isNaN, GenModel.bitSetContains (3 or 4 arguments) and
  /// GenModel.bitSetIsInRange is evaluated as written. Leaves are numbers; a subtree call is
  /// inlined through `subtrees`. Throws SourceError at anything else, at a feature index of
  /// `features` or more, or at nesting deeper than 400 levels.
  PojoTree(const TreeSource& tree, const SubtreeResolver& subtrees, int features);

  /// The tree's value for `row` (at least `features` doubles, as Java's double[] data). Throws
  /// mojo::ScoringError where Java raises (a level outside a 4-argument bitSetContains's bytes).
  double score(const double* row) const;

 private:
  enum class Kind : std::uint8_t { leaf, less, not_equal, not_in_bitset, expression };
  struct Node {
    Kind kind = Kind::leaf;
    int column = 0;
    int bits = 0;       ///< not_in_bitset: index into bitsets_
    int condition = 0;  ///< expression: index into conditions_
    double value = 0;   ///< leaf: the value; less / not_equal: the threshold
    std::int32_t yes = 0, no = 0;
  };
  /// A condition's byte array, and the offset of its bit 0 (3-argument bitSetContains).
  struct Bitset {
    std::vector<std::int8_t> bytes;
    int offset = 0;
  };
  /// A condition in the form the evaluator reads: operands checked, names resolved.
  struct Condition {
    Expr::Op op = Expr::Op::number;
    double value = 0;  ///< number
    int column = 0;    ///< element
    /// call: 0 isNaN(a), 1 bitSetContains(bytes, off, int a), 2 bitSetContains(bytes, nbits, off,
    /// double a), 3 bitSetIsInRange(nbits, off, double a)
    int call = -1;
    int bits = 0, offset = 0, nbits = 0;
    std::vector<Condition> args;
  };

  std::int32_t compile(const Expr& e, int depth);
  Condition condition(const Expr& e, int depth);
  int bitset(const Expr& name, int offset);
  int column(const Expr& element) const;
  double evaluate(const Condition& c, const double* row) const;
  bool contains(int bits, std::int32_t level) const;

  std::string data_;
  const ByteArrays* bytes_ = nullptr;        // while compiling only
  const SubtreeResolver* subtrees_ = nullptr;  // while compiling only
  int features_;
  std::vector<Node> nodes_;
  std::vector<Bitset> bitsets_;
  std::vector<Condition> conditions_;
};

}  // namespace squall::prediction::pojo
