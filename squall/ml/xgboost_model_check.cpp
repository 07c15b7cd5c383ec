#include "squall/ml/xgboost_model_check.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/model.hpp"

namespace squall::prediction {

namespace {

using Json = nlohmann::json;

struct Checker {
  const std::string& path;

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw ModelError(fmt::format("XGBoost model '{}': {}: {}", path, where, what));
  }

  const Json& member(const Json& object, const char* key, const std::string& where) const {
    if (!object.is_object() || !object.contains(key)) fail(where, fmt::format("'{}' is missing", key));
    return object.at(key);
  }

  /// XGBoost writes its parameters as strings ("15"); accepts numbers too.
  std::int64_t integer(const Json& value, const std::string& where, std::int64_t low, std::int64_t high) const {
    std::int64_t n = 0;
    if (value.is_number_integer()) {
      n = value.get<std::int64_t>();
    } else if (value.is_string()) {
      const auto& s = value.get_ref<const std::string&>();
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
      if (ec != std::errc() || end != s.data() + s.size()) fail(where, fmt::format("'{}' is not an integer", s));
    } else {
      fail(where, "not an integer");
    }
    if (n < low || n > high) fail(where, fmt::format("{} is outside {}..{}", n, low, high));
    return n;
  }

  /// XGBoost writes parameter blocks as objects of strings and reads them back as strings.
  const Json& parameters(const Json& object, const char* key, const std::string& where) const {
    const Json& block = member(object, key, where);
    if (!block.is_object()) fail(where + "." + key, "must be an object");
    for (const auto& [name, value] : block.items())
      if (!value.is_string()) fail(fmt::format("{}.{}.{}", where, key, name), "must be a string, as XGBoost writes it");
    return block;
  }

  enum class Element { integer, real };

  /// libxgboost casts each element to the type it expects without checking (a 1.0 among
  /// integers, or a 2 among reals, was a SIGSEGV in its loader): every element is checked.
  const Json& array_of(const Json& tree, const char* key, std::size_t size, const std::string& where,
                       Element element) const {
    const Json& a = member(tree, key, where);
    if (!a.is_array() || (size != kAnySize && a.size() != size))
      fail(where + "." + key, fmt::format("must be an array of {} items, has {}", size,
                                          a.is_array() ? a.size() : 0));
    for (std::size_t i = 0; i < a.size(); ++i) {
      bool ok = element == Element::integer ? a[i].is_number_integer() : a[i].is_number_float();
      if (!ok)
        fail(fmt::format("{}.{}[{}]", where, key, i),
             element == Element::integer ? "must be an integer" : "must be a number with a fraction or exponent");
    }
    return a;
  }
  static constexpr std::size_t kAnySize = static_cast<std::size_t>(-1);

  void check_tree(const Json& tree, std::size_t index, std::int64_t num_feature) const {
    std::string where = fmt::format("trees[{}]", index);
    const Json& param = parameters(tree, "tree_param", where);
    auto nodes = static_cast<std::size_t>(
        integer(member(param, "num_nodes", where + ".tree_param"), where + ".tree_param.num_nodes", 1,
                static_cast<std::int64_t>(limits::kTreeNodes)));
    const Json& left = array_of(tree, "left_children", nodes, where, Element::integer);
    const Json& right = array_of(tree, "right_children", nodes, where, Element::integer);
    const Json& split = array_of(tree, "split_indices", nodes, where, Element::integer);
    const Json& parents = array_of(tree, "parents", nodes, where, Element::integer);
    array_of(tree, "split_type", nodes, where, Element::integer);
    array_of(tree, "default_left", nodes, where, Element::integer);
    array_of(tree, "split_conditions", nodes, where, Element::real);
    array_of(tree, "base_weights", nodes, where, Element::real);
    array_of(tree, "loss_changes", nodes, where, Element::real);
    array_of(tree, "sum_hessian", nodes, where, Element::real);
    integer(member(tree, "id", where), where + ".id", 0, static_cast<std::int64_t>(limits::kModelTrees));
    check_categories(tree, where);
    auto n = static_cast<std::int64_t>(nodes);
    // XGBoost's loader follows parents without checks: the root's is kInvalidNodeId (2^31-1),
    // every other node's is the node whose child it is (checked in the walk) or, for a node not
    // in the tree (deleted), another node.
    constexpr std::int64_t kNoParent = 2147483647;
    integer(parents[0], where + ".parents[0]", kNoParent, kNoParent);
    for (std::size_t i = 1; i < nodes; ++i) {
      auto p = parents[i].get<std::int64_t>();
      if (p != kNoParent && (p < 0 || p >= n)) fail(fmt::format("{}.parents[{}]", where, i), fmt::format("{} is not a node", p));
    }
    std::vector<bool> reached(nodes, false);
    std::vector<std::int64_t> todo{0};
    reached[0] = true;
    while (!todo.empty()) {
      auto node = todo.back();
      todo.pop_back();
      auto at = [&](const char* what) { return fmt::format("{}.{}[{}]", where, what, node); };
      auto l = integer(left[static_cast<std::size_t>(node)], at("left_children"), -1, n - 1);
      auto r = integer(right[static_cast<std::size_t>(node)], at("right_children"), -1, n - 1);
      if ((l == -1) != (r == -1)) fail(at("left_children"), "a node has one child but not the other");
      if (l == -1) continue;  // a leaf
      integer(split[static_cast<std::size_t>(node)], at("split_indices"), 0, num_feature - 1);
      for (auto child : {l, r}) {
        if (child == 0 || reached[static_cast<std::size_t>(child)])
          fail(at(child == l ? "left_children" : "right_children"),
               fmt::format("node {} is reached twice (a cycle, or a node shared by two parents)", child));
        if (parents[static_cast<std::size_t>(child)].get<std::int64_t>() != node)
          fail(fmt::format("{}.parents[{}]", where, child), fmt::format("must be {}, the node whose child it is", node));
        reached[static_cast<std::size_t>(child)] = true;
        todo.push_back(child);
      }
    }
  }

  /// Categorical splits: node i's categories are categories[segments[i] .. segments[i] + sizes[i]).
  void check_categories(const Json& tree, const std::string& where) const {
    const Json& categories = array_of(tree, "categories", kAnySize, where, Element::integer);
    const Json& nodes = array_of(tree, "categories_nodes", kAnySize, where, Element::integer);
    const Json& segments = array_of(tree, "categories_segments", nodes.size(), where, Element::integer);
    const Json& sizes = array_of(tree, "categories_sizes", nodes.size(), where, Element::integer);
    const auto total = static_cast<std::int64_t>(categories.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      auto at = [&](const char* what) { return fmt::format("{}.{}[{}]", where, what, i); };
      auto start = integer(segments[i], at("categories_segments"), 0, total);
      integer(sizes[i], at("categories_sizes"), 0, total - start);
    }
  }

  void check(const Json& doc) const {
    const Json& learner = member(doc, "learner", "the document");
    const Json& param = parameters(learner, "learner_model_param", "learner");
    auto num_feature = integer(member(param, "num_feature", "learner.learner_model_param"),
                               "learner.learner_model_param.num_feature", 1, limits::kModelFeatures);
    // A model whose feature names disagree with its feature count failed every predict (2.24 M
    // failures in 8 s): refused here instead.
    if (learner.contains("feature_names") && learner.at("feature_names").is_array() &&
        !learner.at("feature_names").empty() &&
        static_cast<std::int64_t>(learner.at("feature_names").size()) != num_feature)
      fail("learner.feature_names", fmt::format("names {} features, but num_feature is {}",
                                                learner.at("feature_names").size(), num_feature));
    if (param.contains("num_class"))
      integer(param.at("num_class"), "learner.learner_model_param.num_class", 0, limits::kModelClasses);
    const Json& booster = member(learner, "gradient_booster", "learner");
    // gbtree keeps its trees in "model"; dart wraps a gbtree.
    const Json& gbtree = booster.contains("gbtree") ? booster.at("gbtree") : booster;
    if (!gbtree.contains("model")) return;  // gblinear: no trees
    const Json& model = gbtree.at("model");
    const Json& trees = member(model, "trees", "model");
    if (!trees.is_array() || trees.size() > limits::kModelTrees) fail("model.trees", "must be an array of trees");
    auto count = static_cast<std::int64_t>(trees.size());
    integer(member(parameters(model, "gbtree_model_param", "model"), "num_trees", "model.gbtree_model_param"),
            "model.gbtree_model_param.num_trees", count, count);
    const Json& info = array_of(model, "tree_info", trees.size(), "model", Element::integer);
    for (std::size_t i = 0; i < info.size(); ++i)
      integer(info[i], fmt::format("model.tree_info[{}]", i), 0, limits::kModelClasses);
    for (std::size_t i = 0; i < trees.size(); ++i) check_tree(trees[i], i, num_feature);
  }
};

}  // namespace

void check_xgboost_json_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  auto first = s.find_first_not_of(" \t\r\n");
  // UBJSON also starts with '{' but continues in binary; only JSON text is checked here.
  if (first == std::string::npos || s[first] != '{' || s.find('\0') != std::string::npos) return;
  std::string error;
  Json doc = parse_bounded_json(s, limits::kModelJsonDepth, error);
  if (doc.is_discarded()) throw ModelError(fmt::format("XGBoost model '{}': {}", path, error));
  Checker{path}.check(doc);
}

}  // namespace squall::prediction
