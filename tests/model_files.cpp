// Broken model files are refused at load with the file and the element, never a crash or a hang
// in the bolt: the targeted edits that once gave SIGSEGV, SIGABRT or an endless predict.

#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/ml/model.hpp"
#include "support/files.hpp"
#include "support/mojo_edit.hpp"

namespace {

using Json = nlohmann::json;

const char* kModel = SQUALL_SOURCE_DIR "/examples/h2o_demo/model/cat_dog.xgb.json";

Json model() { return Json::parse(test::read_text(kModel)); }

Json& first_tree(Json& m) { return m["learner"]["gradient_booster"]["model"]["trees"][0]; }

/// Loads `m` written to a file; returns the ModelError's message ("" when it loaded).
std::string load_error(const test::TempDir& dir, const std::string& text) {
  auto file = dir.write("model.json", text);
  try {
    auto loaded = squall::prediction::load_model(file.string());
    std::vector<double> row(loaded->features().size(), 1.0), out(loaded->outputs());
    loaded->predict(row.data(), 1, out.data());
    return "";
  } catch (const squall::prediction::ModelError& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("XGBoost JSON: the project's model loads and predicts") {
  test::TempDir dir;
  CHECK(load_error(dir, model().dump()) == "");
}

TEST_CASE("XGBoost JSON: out-of-range split indices, cycles, short arrays, a missing tree_info entry, deep nesting") {
  test::TempDir dir;
  struct Case {
    const char* name;
    std::function<void(Json&)> edit;
    const char* expected;
  };
  std::vector<Case> cases = {
      {"negative split index", [](Json& m) { first_tree(m)["split_indices"][0] = -1; }, "trees[0].split_indices[0]: -1 is outside 0..14"},
      {"split index 2^31-1", [](Json& m) { first_tree(m)["split_indices"][0] = 2147483647; }, "trees[0].split_indices[0]"},
      {"a cycle to the root", [](Json& m) { first_tree(m)["left_children"][0] = 0; }, "reached twice"},
      {"a child out of range", [](Json& m) { first_tree(m)["right_children"][0] = 100000; }, "trees[0].right_children[0]"},
      {"one child only", [](Json& m) { first_tree(m)["right_children"][0] = -1; }, "one child but not the other"},
      {"tree_info one short", [](Json& m) { m["learner"]["gradient_booster"]["model"]["tree_info"].erase(0); }, "model.tree_info"},
      {"num_trees disagrees", [](Json& m) { m["learner"]["gradient_booster"]["model"]["gbtree_model_param"]["num_trees"] = "11"; }, "num_trees"},
      {"short array", [](Json& m) { first_tree(m)["split_conditions"].erase(0); }, "trees[0].split_conditions: must be an array of 21 items, has 20"},
      {"an integer among reals", [](Json& m) { first_tree(m)["split_conditions"][0] = 2; }, "trees[0].split_conditions[0]: must be a number with a fraction"},
      {"a real among integers", [](Json& m) { first_tree(m)["left_children"][0] = 1.0; }, "trees[0].left_children[0]: must be an integer"},
      {"a parent that is not the node's parent", [](Json& m) { first_tree(m)["parents"][5] = -2; }, "trees[0].parents[5]"},
      {"num_nodes huge", [](Json& m) { first_tree(m)["tree_param"]["num_nodes"] = "99999999999"; }, "num_nodes"},
      {"num_feature 0", [](Json& m) { m["learner"]["learner_model_param"]["num_feature"] = "0"; }, "num_feature"},
      {"feature names disagree with num_feature", [](Json& m) { m["learner"]["feature_names"].erase(0); }, "learner.feature_names: names 14 features, but num_feature is 15"},
      {"num_class huge", [](Json& m) { m["learner"]["learner_model_param"]["num_class"] = "1000000000"; }, "num_class"},
  };
  for (const auto& c : cases) {
    std::string name = c.name;
    CAPTURE(name);
    Json m = model();
    c.edit(m);
    std::string error = load_error(dir, m.dump());
    CAPTURE(error);
    CHECK(error.find(c.expected) != std::string::npos);
  }
  std::string deep = R"({"learner": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(load_error(dir, deep).find("nested deeper than 32 levels") != std::string::npos);
}

namespace {

const std::string kMojoland = SQUALL_SOURCE_DIR "/tests/data/mojoland";

std::string mojo_error(const std::string& path) {
  try {
    auto loaded = squall::prediction::load_model(path);
    std::vector<double> row(loaded->features().size(), std::nan("")), out(loaded->outputs());
    loaded->predict(row.data(), 1, out.data());  // a row of missing values: the imputation path
    return "";
  } catch (const squall::prediction::ModelError& e) {
    return e.what();
  }
}

void put_u16(std::string& s, unsigned v) { s += static_cast<char>(v & 0xff), s += static_cast<char>(v >> 8); }
void put_f32(std::string& s, float f) {
  char b[4];
  std::memcpy(b, &f, 4);
  s.append(b, 4);
}

}  // namespace

TEST_CASE("MOJO: out-of-range class and feature counts, GLM coefficient arrays, deep and self-sharing trees") {
  test::TempDir dir;
  const std::string gbm = kMojoland + "/gbm/titanic/v1.40/gbm_v1.40_titanic.mojo";
  const std::string glm = kMojoland + "/glm/titanic/v1.00/glm_v1.00_titanic.mojo";
  const std::string gbm_ini = test::unzip_entry(gbm, "model.ini"), glm_ini = test::unzip_entry(glm, "model.ini");
  CHECK(mojo_error(gbm) == "");
  CHECK(mojo_error(glm) == "");

  struct Case {
    const char* name;
    std::string mojo;
    std::map<std::string, std::string> entries;
    const char* expected;
  };
  // A 100,000-node chain: each node's left child an inline leaf, its right child the next node.
  std::string chain;
  for (int i = 0; i < 100000; ++i) {
    chain += static_cast<char>(48);  // left: an inline leaf; right: a subtree
    put_u16(chain, 0);
    chain += static_cast<char>(0);
    put_f32(chain, 0.5f);  // the split
    put_f32(chain, 1.0f);  // the left leaf
  }
  chain += static_cast<char>(0);
  put_u16(chain, 0xFFFF);
  put_f32(chain, 2.0f);
  // 40 levels whose left subtree has size 0: both children are the same bytes (2^40 nodes).
  std::string shared;
  for (int i = 0; i < 40; ++i) {
    shared += static_cast<char>(0);  // left: a subtree with a 1-byte size; right: a subtree
    put_u16(shared, 0);
    shared += static_cast<char>(0);
    put_f32(shared, 0.5f);
    shared += static_cast<char>(0);  // left size 0
  }
  shared += static_cast<char>(0);
  put_u16(shared, 0xFFFF);
  put_f32(shared, 2.0f);
  std::vector<Case> cases = {
      {"n_classes -1", gbm, {{"model.ini", test::with_ini(gbm_ini, "n_classes", "-1")}}, "n_classes = -1 is outside"},
      {"n_classes 0", gbm, {{"model.ini", test::with_ini(gbm_ini, "n_classes", "0")}}, "n_classes = 0 is outside"},
      {"n_classes huge", gbm, {{"model.ini", test::with_ini(gbm_ini, "n_classes", "2000000000")}}, "n_classes = 2000000000"},
      {"n_features 0", gbm, {{"model.ini", test::with_ini(gbm_ini, "n_features", "0")}}, "n_features = 0 is outside"},
      {"n_trees huge", gbm, {{"model.ini", test::with_ini(gbm_ini, "n_trees", "2000000000")}}, "out of range"},
      {"GLM beta []", glm, {{"model.ini", test::with_ini(glm_ini, "beta", "[]")}}, "beta has 0 coefficients"},
      {"GLM num_means []", glm, {{"model.ini", test::with_ini(glm_ini, "num_means", "[]")}}, "mean imputation needs num_means"},
      {"a 100,000-node chain", gbm, {{"trees/t00_000.bin", chain}}, ""},
      {"subtrees sharing bytes", gbm, {{"trees/t00_000.bin", shared}}, "more nodes than its"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    auto error = mojo_error(test::edited_mojo(dir, c.mojo, c.entries));
    if (std::string(c.expected).empty()) CHECK(error == "");  // deep but well formed: loads, no recursion
    else CHECK(error.find(c.expected) != std::string::npos);
  }
}
