// Broken model files are refused at load with the file and the element, never a crash or a hang
// in the bolt: the targeted edits that once gave SIGSEGV, SIGABRT or an endless predict.

#include <doctest/doctest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "bolts/prediction/model.hpp"
#include "support/files.hpp"

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
      {"short array", [](Json& m) { first_tree(m)["split_conditions"].erase(0); }, "trees[0].split_conditions: must be an array of num_nodes"},
      {"num_nodes huge", [](Json& m) { first_tree(m)["tree_param"]["num_nodes"] = "99999999999"; }, "num_nodes"},
      {"num_feature 0", [](Json& m) { m["learner"]["learner_model_param"]["num_feature"] = "0"; }, "num_feature"},
      {"num_class huge", [](Json& m) { m["learner"]["learner_model_param"]["num_class"] = "1000000000"; }, "num_class"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    Json m = model();
    c.edit(m);
    CHECK(load_error(dir, m.dump()).find(c.expected) != std::string::npos);
  }
  std::string deep = R"({"learner": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(load_error(dir, deep).find("nested deeper than 32 levels") != std::string::npos);
}
