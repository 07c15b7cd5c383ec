#include "bolts/prediction/xgboost_model_check.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "bolts/prediction/model.hpp"
#include "topology/bounded_json.hpp"
#include "topology/input_limits.hpp"

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

  const Json& array_of(const Json& tree, const char* key, std::size_t size, const std::string& where) const {
    const Json& a = member(tree, key, where);
    if (!a.is_array() || a.size() != size)
      fail(where + "." + key, fmt::format("must be an array of num_nodes ({}) items, has {}", size,
                                          a.is_array() ? a.size() : 0));
    return a;
  }

  void check_tree(const Json& tree, std::size_t index, std::int64_t num_feature) const {
    std::string where = fmt::format("trees[{}]", index);
    const Json& param = member(tree, "tree_param", where);
    auto nodes = static_cast<std::size_t>(
        integer(member(param, "num_nodes", where + ".tree_param"), where + ".tree_param.num_nodes", 1,
                static_cast<std::int64_t>(limits::kTreeNodes)));
    const Json& left = array_of(tree, "left_children", nodes, where);
    const Json& right = array_of(tree, "right_children", nodes, where);
    const Json& split = array_of(tree, "split_indices", nodes, where);
    array_of(tree, "split_conditions", nodes, where);
    array_of(tree, "default_left", nodes, where);
    array_of(tree, "base_weights", nodes, where);
    auto n = static_cast<std::int64_t>(nodes);
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
        reached[static_cast<std::size_t>(child)] = true;
        todo.push_back(child);
      }
    }
  }

  void check(const Json& doc) const {
    const Json& learner = member(doc, "learner", "the document");
    const Json& param = member(learner, "learner_model_param", "learner");
    auto num_feature = integer(member(param, "num_feature", "learner.learner_model_param"),
                               "learner.learner_model_param.num_feature", 1, limits::kModelFeatures);
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
    integer(member(member(model, "gbtree_model_param", "model"), "num_trees", "model.gbtree_model_param"),
            "model.gbtree_model_param.num_trees", count, count);
    const Json& info = member(model, "tree_info", "model");
    if (!info.is_array() || info.size() != trees.size())
      fail("model.tree_info", fmt::format("must have one entry per tree ({}), has {}", trees.size(),
                                          info.is_array() ? info.size() : 0));
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
