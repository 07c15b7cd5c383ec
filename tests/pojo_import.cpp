// H2O POJOs imported without a JVM: the tutorial's own GBMPojo.java reproduces, to the last bit,
// the scores a JVM computed from its Java (tests/data/pojo, generate.sh); the shapes later H2O
// versions write score as worked out by hand; malformed POJOs are refused with file:line:column.

#include <cmath>
#include <fstream>
#include <regex>
#include <sstream>

#include <doctest/doctest.h>

#include "squall/ml/model.hpp"
#include "squall/ml/pojo/pojo_model.hpp"
#include "support/files.hpp"

namespace {

using squall::prediction::Model;
using squall::prediction::ModelError;
using squall::prediction::PojoModel;

const std::string kSource = SQUALL_SOURCE_DIR;
const std::string kPojo = kSource + "/examples/h2o_demo/model/GBMPojo.java";

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  for (std::string cell; std::getline(in, cell, ',');) out.push_back(cell);
  return out;
}

/// The rows of a tutorial CSV (Label first, then the model's features in order) as score0's
/// input: categorical levels as domain indexes.
std::vector<std::vector<double>> rows_of(const std::string& path, const Model& model, bool header) {
  std::ifstream in(path);
  std::string line;
  if (header) std::getline(in, line);
  std::vector<std::vector<double>> rows;
  while (std::getline(in, line)) {
    const auto cells = split(line);
    REQUIRE(cells.size() == model.features().size() + 1);
    std::vector<double> row;
    for (std::size_t f = 0; f < model.features().size(); ++f) {
      const auto& domain = model.features()[f].domain;
      const std::string& cell = cells[f + 1];
      if (domain.empty()) {
        row.push_back(std::stod(cell));
      } else {
        auto level = std::find(domain.begin(), domain.end(), cell);
        REQUIRE(level != domain.end());
        row.push_back(static_cast<double>(level - domain.begin()));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// The JVM's preds[] per row (tests/data/pojo/*_scores.txt).
std::vector<std::vector<double>> expected_scores(const std::string& name) {
  std::ifstream in(kSource + "/tests/data/pojo/" + name);
  std::vector<std::vector<double>> out;
  for (std::string line; std::getline(in, line);) {
    std::vector<double> preds;
    for (const auto& cell : split(line)) preds.push_back(std::stod(cell));
    out.push_back(std::move(preds));
  }
  return out;
}

/// The ModelError of loading `text` as `name` ("" when it loads).
std::string load_error(const test::TempDir& dir, const std::string& name, const std::string& text) {
  auto file = dir.write(name, text);
  try {
    squall::prediction::load_model(file.string());
    return "";
  } catch (const ModelError& e) {
    return e.what();
  }
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the tutorial's GBMPojo.java scores live_data.csv and training_data.csv exactly as the JVM does") {
  const PojoModel model(kPojo);
  CHECK(model.kind() == "h2o-pojo gbm");
  REQUIRE(model.features().size() == 15);
  CHECK(model.features()[1].name == "CoatColor");
  CHECK(model.features()[1].domain == std::vector<std::string>{"Black", "Brown", "Grey", "Spotted", "White"});
  CHECK(model.classes() == std::vector<std::string>{"cat", "dog"});
  CHECK(model.default_threshold() == 0.5540730394375936);
  for (auto [csv, header, scores] : {std::tuple{"live_data.csv", false, "GBMPojo_live_data_scores.txt"},
                                     std::tuple{"training_data.csv", true, "GBMPojo_training_data_scores.txt"}}) {
    CAPTURE(csv);
    const auto rows = rows_of(kSource + "/examples/h2o_demo/data/" + csv, model, header);
    const auto expected = expected_scores(scores);
    REQUIRE(rows.size() == expected.size());
    REQUIRE(rows.size() >= 1000);
    int differing = 0;
    double preds[3];
    for (std::size_t r = 0; r < rows.size(); ++r) {
      model.score0(rows[r].data(), preds);
      for (int k = 0; k < 3; ++k) differing += preds[k] != expected[r][static_cast<std::size_t>(k)];
    }
    CHECK(differing == 0);
    // The batched path (as the bolt calls it) gives the same probabilities.
    std::vector<double> flat, out(rows.size() * 2);
    for (const auto& row : rows) flat.insert(flat.end(), row.begin(), row.end());
    model.predict(flat.data(), rows.size(), out.data());
    for (std::size_t r = 0; r < rows.size(); ++r) differing += out[2 * r + 1] != expected[r][2];
    CHECK(differing == 0);
  }
}

TEST_CASE("a missing value goes the way H2O 3.3's SharedTree_clean sends it: below every threshold") {
  const PojoModel model(kPojo);
  std::vector<double> row(15, std::nan("")), cleaned(15, -1.7976931348623157e308);
  double with_nan[3], with_min[3];
  model.score0(row.data(), with_nan);
  model.score0(cleaned.data(), with_min);
  CHECK(with_nan[2] == with_min[2]);
  CHECK(with_nan[1] + with_nan[2] == doctest::Approx(1.0));
}

TEST_CASE("later H2O shapes: NaN tests, 4-argument bitSetContains, subtree classes, DRF's normalisation") {
  const PojoModel model(kSource + "/tests/data/pojo/LaterShapes.java");
  CHECK(model.kind() == "h2o-pojo drf");
  CHECK(model.classes() == std::vector<std::string>{"a", "b", "c"});
  REQUIRE(model.features().size() == 2);
  CHECK(model.features()[1].domain == std::vector<std::string>{"red", "green", "blue"});
  const double nan = std::nan("");
  const double f07 = 0.7f, f06 = 0.6f, f02 = 0.2f, f01 = 0.1f;  // the leaves: Java floats, widened
  struct Case {
    double x, colour, label, p0, p1, p2;  // p before normalisation
  };
  // Tree 0: x NaN or < 1.5 → 0.7, else the subtree: colour in {red, blue} (bits 0 and 2 of 5) → 0.1,
  // else 0.2. Tree 1: colour != green → 0.2, else 0.6. Tree 2: 0.1.
  for (const Case& c : {Case{1.0, 1, 0, f07, f06, f01}, Case{nan, nan, 0, f07, f02, f01}, Case{2, 2, 1, f01, f02, f01},
                        Case{2, 1, 1, f02, f06, f01}, Case{2, 0, 1, f01, f02, f01}}) {
    CAPTURE(c.x);
    CAPTURE(c.colour);
    const double row[2] = {c.x, c.colour};
    double preds[4];
    model.score0(row, preds);
    const double sum = c.p0 + c.p1 + c.p2;
    CHECK(preds[1] == c.p0 / sum);
    CHECK(preds[2] == c.p1 / sum);
    CHECK(preds[3] == c.p2 / sum);
    // 2,2 and 2,0 tie classes a and c at 0.25 below b's 0.5: the arg max is b.
    CHECK(preds[0] == c.label);
  }
  // Level 9 is past GRPSPLIT0's one byte: Java raises ArrayIndexOutOfBoundsException, so does squall.
  const double outside[2] = {2, 9};
  double out[3];
  CHECK_THROWS_WITH_AS(model.predict(outside, 1, out), doctest::Contains("ArrayIndexOutOfBoundsException"), ModelError);
}

TEST_CASE("malformed POJOs are refused with file:line:column and what was found") {
  test::TempDir dir;
  const std::string pojo = test::read_text(kPojo);
  auto error = [&](const std::string& text) { return load_error(dir, "GBMPojo.java", text); };
  // Truncated mid-tree: the file ends where a ')' or ':' was due.
  const std::string truncated = pojo.substr(0, pojo.find("? -0.22061062f"));
  CHECK(std::regex_search(error(truncated), std::regex("GBMPojo\\.java:\\d+:\\d+: expected .*the file ends here")));
  // A construct H2O does not generate: a loop in score0.
  CHECK(error(replaced(pojo, "java.util.Arrays.fill(preds,0);", "for (int i = 0; i < 3; i++) preds[i] = 0;"))
            .find("GBMPojo.java:67:5: a loop ('for')") != std::string::npos);
  // A tree class named by a forest but not defined.
  CHECK(error(replaced(pojo, "preds[1] += GBMPojo_Tree_3_class_0.score0(fdata);", "preds[1] += GBMPojo_Tree_33_class_0.score0(fdata);"))
            .find("GBMPojo.java:236:17: class GBMPojo_Tree_33_class_0 is named here but not defined") != std::string::npos);
  // An unknown call inside a tree.
  CHECK(error(replaced(pojo, "!GenModel.bitSetContains(GRPSPLIT0", "!GenModel.bitSetHolds(GRPSPLIT0"))
            .find("GBMPojo.java:151:13: a call to GenModel.bitSetHolds, which H2O's tree code does not make") != std::string::npos);
  // A feature past the model's 15.
  CHECK(error(replaced(pojo, "data[13 /* Noise4 */] <0.018522264f", "data[15 /* Noise4 */] <0.018522264f"))
            .find("GBMPojo.java:153:14: data[15] reads past the model's 15 features") != std::string::npos);
  // A byte array the tree does not define.
  CHECK(error(replaced(pojo, "bitSetContains(GRPSPLIT1, 0,", "bitSetContains(GRPSPLIT7, 0,"))
            .find("no byte array 'GRPSPLIT7'") != std::string::npos);
  // Not a POJO at all, and an empty class.
  CHECK(error("class Notes { }\n").find("GBMPojo.java:1:1: no class extends GenModel") != std::string::npos);
  CHECK(error("public class GBMPojo extends GenModel {}\n").find("GBMPojo.java:1:14: class GBMPojo has no method getModelCategory()") !=
        std::string::npos);
  // Nesting deep enough to exhaust a stack is refused, not followed.
  std::string deep = std::string(20000, '(') + "0.5f" + std::string(20000, ')');
  CHECK(error(replaced(pojo, "0.0880019f", deep)).find("nested deeper than") != std::string::npos);
  // The model file errors name the file even when it cannot be read.
  CHECK_THROWS_WITH_AS(PojoModel(dir.path().string() + "/absent.java"), doctest::Contains("absent.java"), ModelError);
}
