#include "squall/ml/pojo/pojo_tree.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/ml/mojo/java_int.hpp"

namespace squall::prediction::pojo {

namespace {

using Op = Expr::Op;
using mojo::java_int;

/// Nesting beyond this is refused: H2O's deepest trees are far shallower, and the compiler
/// recurses once per level.
constexpr int kMaxDepth = 400;


bool is_call(const Expr& e, std::string_view name) {
  return e.op == Op::call && (e.name == name || e.name == "GenModel." + std::string(name) ||
                              e.name == "hex.genmodel.GenModel." + std::string(name));
}

int small_integer(const Expr& e) {
  if (e.op != Op::number || !e.integer || e.value < 0 || e.value > (1 << 24)) refuse(e, "expected a small integer constant");
  return static_cast<int>(e.value);
}

}  // namespace

PojoTree::PojoTree(const TreeSource& tree, const SubtreeResolver& subtrees, int features)
    : data_(tree.data), bytes_(&tree.bytes), subtrees_(&subtrees), features_(features) {
  nodes_.emplace_back();
  compile(tree.body, 0);
  bytes_ = nullptr;
  subtrees_ = nullptr;
}

int PojoTree::column(const Expr& e) const {
  if (e.op != Op::element || e.name != data_) refuse(e, "expected " + data_ + "[i], the row's feature i");
  if (e.index >= features_)
    refuse(e, data_ + "[" + std::to_string(e.index) + "] reads past the model's " + std::to_string(features_) + " features");
  return e.index;
}

int PojoTree::bitset(const Expr& name, int offset) {
  if (name.op != Op::name) refuse(name, "expected the name of a byte array (GRPSPLITn)");
  auto it = bytes_->find(name.name);
  if (it == bytes_->end()) refuse(name, "no byte array '" + name.name + "' in this tree's class");
  bitsets_.push_back({it->second, offset});
  return static_cast<int>(bitsets_.size() - 1);
}

std::int32_t PojoTree::compile(const Expr& e, int depth) {
  if (depth > kMaxDepth) refuse(e, "a tree deeper than " + std::to_string(kMaxDepth) + " levels");
  const auto at = static_cast<std::int32_t>(nodes_.size() - 1);  // the node this call fills
  Node node;
  if (e.op == Op::number || (e.op == Op::negate && e.args[0].op == Op::number)) {
    node.value = e.op == Op::number ? e.value : -e.args[0].value;
    nodes_[static_cast<std::size_t>(at)] = node;
    return at;
  }
  if (e.op == Op::call && e.name.ends_with(".score0") && e.args.size() == 1 && e.args[0].op == Op::name &&
      e.args[0].name == data_) {  // a subtree in a class of its own: compiled into this node
    const TreeSource sub = (*subtrees_)(e);
    const std::string data = std::exchange(data_, sub.data);
    const ByteArrays* bytes = std::exchange(bytes_, &sub.bytes);
    compile(sub.body, depth + 1);
    data_ = data;
    bytes_ = bytes;
    return at;
  }
  if (e.op != Op::conditional) refuse(e, "expected a leaf value, a conditional (c ? a : b) or a subtree's score0 in a tree");
  const Expr& c = e.args[0];
  if (c.op == Op::less && c.args[0].op == Op::element && c.args[1].op == Op::number) {
    node.kind = Kind::less;
    node.column = column(c.args[0]);
    node.value = c.args[1].value;
  } else if (c.op == Op::not_equal && c.args[0].op == Op::element && c.args[1].op == Op::number) {
    node.kind = Kind::not_equal;
    node.column = column(c.args[0]);
    node.value = c.args[1].value;
  } else if (c.op == Op::logical_not && is_call(c.args[0], "bitSetContains") && c.args[0].args.size() == 3 &&
             c.args[0].args[2].op == Op::cast_int) {
    const Expr& call = c.args[0];
    node.kind = Kind::not_in_bitset;
    node.column = column(call.args[2].args[0]);
    node.bits = bitset(call.args[0], small_integer(call.args[1]));
  } else {
    node.kind = Kind::expression;
    conditions_.push_back(condition(c, depth));
    node.condition = static_cast<int>(conditions_.size() - 1);
  }
  nodes_.emplace_back();
  node.yes = compile(e.args[1], depth + 1);
  nodes_.emplace_back();
  node.no = compile(e.args[2], depth + 1);
  nodes_[static_cast<std::size_t>(at)] = node;
  return at;
}

PojoTree::Condition PojoTree::condition(const Expr& e, int depth) {
  if (depth > kMaxDepth) refuse(e, "a condition nested deeper than " + std::to_string(kMaxDepth) + " levels");
  Condition c;
  c.op = e.op;
  switch (e.op) {
    case Op::number:
      c.value = e.value;
      return c;
    case Op::element:
      c.column = column(e);
      return c;
    case Op::logical_not: case Op::negate: case Op::cast_int: case Op::cast_double:
    case Op::less: case Op::less_equal: case Op::greater: case Op::greater_equal:
    case Op::equal: case Op::not_equal: case Op::logical_and: case Op::logical_or:
    case Op::add: case Op::subtract: case Op::multiply: case Op::divide:
      for (const auto& a : e.args) c.args.push_back(condition(a, depth + 1));
      return c;
    case Op::call:
      if (is_call(e, "isNaN") || e.name == "Double.isNaN") {
        if (e.args.size() != 1) refuse(e, "Double.isNaN takes one argument");
        c.call = 0;
      } else if (is_call(e, "bitSetContains") && e.args.size() == 3) {  // H2O 3.3: (bits, bitoff, int num)
        c.call = 1;
        c.bits = bitset(e.args[0], small_integer(e.args[1]));
        c.args.push_back(condition(e.args[2], depth + 1));
        return c;
      } else if (is_call(e, "bitSetContains") && e.args.size() == 4) {  // later: (bits, nbits, bitoff, double)
        c.call = 2;
        c.nbits = small_integer(e.args[1]);
        c.bits = bitset(e.args[0], small_integer(e.args[2]));
        c.args.push_back(condition(e.args[3], depth + 1));
        return c;
      } else if (is_call(e, "bitSetIsInRange") && e.args.size() == 3) {
        c.call = 3;
        c.nbits = small_integer(e.args[0]);
        c.offset = small_integer(e.args[1]);
        c.args.push_back(condition(e.args[2], depth + 1));
        return c;
      } else {
        refuse(e, "a call to " + e.name + ", which H2O's tree code does not make");
      }
      c.args.push_back(condition(e.args[0], depth + 1));
      return c;
    default:
      refuse(e, "an expression a tree's condition cannot hold");
  }
}

bool PojoTree::contains(int bits, std::int32_t level) const {
  const Bitset& b = bitsets_[static_cast<std::size_t>(bits)];
  // GenModel.bitSetContains of H2O 3.3: NaN, cleaned to -Double.MAX_VALUE, casts to
  // Integer.MIN_VALUE and counts as level 0; a level outside the bytes is not in the set.
  if (level == std::numeric_limits<std::int32_t>::min()) level = 0;
  const std::int64_t i = std::int64_t{level} - b.offset;
  return i >= 0 && i < static_cast<std::int64_t>(b.bytes.size()) * 8 &&
         (b.bytes[static_cast<std::size_t>(i >> 3)] & (1 << (i & 7))) != 0;
}

double PojoTree::evaluate(const Condition& c, const double* row) const {
  auto arg = [&](std::size_t i) { return evaluate(c.args[i], row); };
  switch (c.op) {
    case Op::number: return c.value;
    case Op::element: return row[c.column];
    case Op::logical_not: return arg(0) == 0 ? 1 : 0;
    case Op::negate: return -arg(0);
    case Op::cast_int: return java_int(arg(0));
    case Op::cast_double: return arg(0);
    case Op::less: return arg(0) < arg(1);
    case Op::less_equal: return arg(0) <= arg(1);
    case Op::greater: return arg(0) > arg(1);
    case Op::greater_equal: return arg(0) >= arg(1);
    case Op::equal: return arg(0) == arg(1);
    case Op::not_equal: return arg(0) != arg(1);
    case Op::logical_and: return arg(0) != 0 && arg(1) != 0;  // Java's && and || short-circuit
    case Op::logical_or: return arg(0) != 0 || arg(1) != 0;
    case Op::add: return arg(0) + arg(1);
    case Op::subtract: return arg(0) - arg(1);
    case Op::multiply: return arg(0) * arg(1);
    case Op::divide: return arg(0) / arg(1);
    case Op::call: break;
    default: return 0;  // not reached: condition() admits no other op
  }
  const double x = arg(0);
  switch (c.call) {
    case 0: return std::isnan(x);
    case 1: return contains(c.bits, java_int(x));
    case 2: {
      // Later GenModel.bitSetContains: bits[idx >> 3] with idx = (int) x - bitoff, asserts off.
      const Bitset& b = bitsets_[static_cast<std::size_t>(c.bits)];
      const std::int64_t idx = std::int64_t{java_int(x)} - b.offset;
      if (idx < 0 || (idx >> 3) >= static_cast<std::int64_t>(b.bytes.size()))
        throw mojo::ScoringError("java.lang.ArrayIndexOutOfBoundsException: level " + std::to_string(idx) +
                                 " outside a bit set of " + std::to_string(b.bytes.size()) + " bytes");
      return (b.bytes[static_cast<std::size_t>(idx >> 3)] & (1 << (idx & 7))) != 0;
    }
    default: {
      const std::int64_t idx = std::int64_t{java_int(x)} - c.offset;
      return idx >= 0 && idx < c.nbits;
    }
  }
}

double PojoTree::score(const double* row) const {
  const Node* n = &nodes_[0];
  for (;;) {
    bool yes;
    switch (n->kind) {
      case Kind::leaf: return n->value;
      case Kind::less: yes = row[n->column] < n->value; break;
      case Kind::not_equal: yes = row[n->column] != n->value; break;
      case Kind::not_in_bitset: yes = !contains(n->bits, java_int(row[n->column])); break;
      default: yes = evaluate(conditions_[static_cast<std::size_t>(n->condition)], row) != 0; break;
    }
    n = &nodes_[static_cast<std::size_t>(yes ? n->yes : n->no)];
  }
}

}  // namespace squall::prediction::pojo
