// PredictionBolt: its output equals the model library's own prediction row by row (XGBoost on the
// cat/dog data; the MOJO eye-state topology against H2O's expected scores), feature mapping, and
// clear errors for a bad model or a missing field.

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <doctest/doctest.h>
#include <xgboost/c_api.h>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/connectors/files/csv_spout.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/formats/csv/csv_reader.hpp"
#include "squall/ml/feature_mapper.hpp"
#include "squall/ml/model.hpp"
#include "squall/ml/prediction_bolt.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/capture_bolt.hpp"
#include "support/test_components.hpp"
#include "support/tuples.hpp"
#include "support/yaml_helpers.hpp"

namespace {

const std::string kDemo = SQUALL_SOURCE_DIR "/examples/h2o_demo";
const std::vector<std::string> kCatDogFields = {"Label", "Has4Legs", "CoatColor", "HairLength", "TailLength", "EnjoysPlay",
                                                "StaresOutWindow", "HoursSpentNapping", "RespondsToCommands",
                                                "EasilyFrightened", "Age", "Noise1", "Noise2", "Noise3", "Noise4", "Noise5"};

/// P(dog) for every live_data row from XGBoost's C API directly, keyed by Noise1 (unique per row).
std::map<double, double> xgboost_reference() {
  const std::vector<std::string> coat = {"Black", "Brown", "Grey", "Spotted", "White"};
  std::string text = test::read_text(kDemo + "/data/live_data.csv");
  squall::spouts::CsvReader reader(text);
  std::vector<float> x;
  std::vector<double> keys;
  while (auto r = reader.next()) {
    for (std::size_t f = 1; f < r->fields.size(); ++f) {
      if (f == 2) x.push_back(static_cast<float>(std::find(coat.begin(), coat.end(), r->fields[f]) - coat.begin()));
      else x.push_back(std::stof(r->fields[f]));
    }
    keys.push_back(std::stod(r->fields[11]));
  }
  BoosterHandle b;
  REQUIRE(XGBoosterCreate(nullptr, 0, &b) == 0);
  REQUIRE(XGBoosterLoadModel(b, (kDemo + "/model/cat_dog.xgb.json").c_str()) == 0);
  DMatrixHandle m;
  REQUIRE(XGDMatrixCreateFromMat(x.data(), keys.size(), 15, NAN, &m) == 0);
  bst_ulong n = 0;
  const float* out = nullptr;
  REQUIRE(XGBoosterPredict(b, m, 0, 0, 0, &n, &out) == 0);
  std::map<double, double> ref;
  for (std::size_t i = 0; i < n; ++i) ref[keys[i]] = out[i];
  XGDMatrixFree(m);
  XGBoosterFree(b);
  return ref;
}

squall::ComponentSettings json_settings(nlohmann::json j) { return squall::ComponentSettings(std::move(j)); }

}  // namespace

TEST_CASE("PredictionBolt with XGBoost equals XGBoost's own prediction for every cat/dog row (batched)") {
  auto reference = xgboost_reference();
  REQUIRE(reference.size() == 1000);
  squall::TopologyBuilder b;
  b.set_spout("rows", [] {
    nlohmann::json types = {{"Noise1", "double"}, {"Has4Legs", "int"}};
    return std::make_unique<squall::spouts::CsvSpout>(json_settings(
        {{"path", kDemo + "/data/live_data.csv"}, {"header", false}, {"fields", kCatDogFields}, {"types", types}}));
  });
  b.set_bolt("predict", [] {
     return std::make_unique<squall::prediction::PredictionBolt>(json_settings(
         {{"model", kDemo + "/model/cat_dog.xgb.json"}, {"passthrough", {"Label", "Noise1"}}, {"batch.size", 32}, {"batch.wait.ms", 1}}));
   }, 2).shuffle_grouping("rows");
  auto log = std::make_shared<test::CaptureLog>();
  b.set_bolt("sink", [log] { return std::make_unique<test::CaptureBolt>(log); }).shuffle_grouping("predict");
  auto metrics = test::run_until_complete(b, {});
  CHECK(metrics.component("rows")->acked == 1000);
  auto rows = log->on("default");
  REQUIRE(rows.size() == 1000);
  CHECK(rows[0].fields == squall::Fields{"Label", "Noise1", "predicted", "cat", "dog"});
  int mismatches = 0;
  for (const auto& r : rows) {
    double dog = r.get("dog").as_double();
    double want = reference.at(r.get("Noise1").as_double());
    if (std::abs(dog - want) > 1e-6) ++mismatches;
    CHECK(std::abs(r.get("cat").as_double() + dog - 1.0) < 1e-12);
    CHECK(r.get("predicted").as_string() == (dog >= 0.557657599 ? "dog" : "cat"));
  }
  CHECK(mismatches == 0);
}

TEST_CASE("the MOJO topology's probabilities equal H2O's expected scores row by row") {
  test::TempDir dir;
  auto out = (dir.path() / "eyestate.csv").string();
  squall::LoadOptions options;
  options.substitution.properties = {{"output", out}, {"port", "0"}};
  auto loaded = squall::load_topology_file(SQUALL_SOURCE_DIR "/topologies/h2o_mojo_eyestate.yaml", options);
  // The file sink writes (expected, predicted, probability); add the raw scores through a capture.
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(120)));
  auto metrics = cluster.kill_topology(loaded.name);
  CHECK(metrics.component("eeg")->acked == 2140);
  // One spout task and one bolt task per stage keep the rows in order.
  std::stringstream results(test::read_text(out));
  std::ifstream expected(SQUALL_SOURCE_DIR "/tests/data/mojoland/gbm/eyestate/v1.40/gbm_v1.40_eyestate_scores0.txt");
  std::string line, want;
  std::getline(results, line);
  CHECK(line == "expected,predicted,probability");
  int rows = 0, mismatches = 0;
  while (std::getline(results, line) && std::getline(expected, want)) {
    ++rows;
    // want: [label, p0, p1]; line: expected,predicted,probability-of-predicted
    double label = std::stod(want.substr(1));
    auto c1 = want.find(','), c2 = want.find(',', c1 + 1);
    double p0 = std::stod(want.substr(c1 + 1)), p1 = std::stod(want.substr(c2 + 1));
    auto l1 = line.find(','), l2 = line.find(',', l1 + 1);
    std::string predicted = line.substr(l1 + 1, l2 - l1 - 1);
    double probability = std::stod(line.substr(l2 + 1));
    bool ok = predicted == (label == 1.0 ? "1" : "0") && std::abs(probability - (predicted == "1" ? p1 : p0)) < 1e-9;
    if (!ok && mismatches++ < 3) MESSAGE("row " << rows << ": " << line << " vs " << want);
  }
  CHECK(rows == 2140);
  CHECK(mismatches == 0);
}

TEST_CASE("features map by name: levels to indexes, unknown levels and empty values to NaN") {
  auto model = squall::prediction::load_model(kDemo + "/model/cat_dog.xgb.json");
  squall::Fields fields(std::vector<std::string>(kCatDogFields.begin(), kCatDogFields.end()));
  squall::prediction::FeatureMapper mapper(*model, fields, {}, "cat_dog");
  auto tuple = test::make_tuple({"dog", 1, "Spotted", 0, 8, 1, 0, 2, 1, 1, 5, 0.1, 0.2, 0.3, 0.4, ""}, fields, "c");
  auto& state = squall::detail::TupleAccess::state(tuple);
  std::vector<double> row(15);
  CHECK(mapper.map(tuple, row.data()).empty());
  CHECK(row[1] == 3.0);  // Spotted
  CHECK(std::isnan(row[14]));
  state.values[2] = "Purple";
  state.values[4] = "long";
  CHECK(mapper.map(tuple, row.data()) == "feature 'TailLength': field 'TailLength' holds 'long', which is not a number");
  state.values[4] = 8;
  CHECK(mapper.map(tuple, row.data()).empty());
  CHECK(std::isnan(row[1]));  // unknown level
}

TEST_CASE("a missing input field and a broken model file are clear errors") {
  auto model = squall::prediction::load_model(kDemo + "/model/cat_dog.xgb.json");
  CHECK_THROWS_WITH(squall::prediction::FeatureMapper(*model, squall::Fields{"Label", "Has4Legs"}, {}, "cat_dog.json"),
                    doctest::Contains("model 'cat_dog.json' needs feature 'CoatColor', but the input has no field 'CoatColor'"));
  test::TempDir dir;
  auto broken = dir.write("broken.json", "{\"learner\": 42}");
  CHECK_THROWS_WITH(squall::prediction::load_model(broken.string()), doctest::Contains(broken.string().c_str()));
  auto zip = dir.write("fake.mojo", "PK\x03\x04 not really a zip");
  CHECK_THROWS_WITH(squall::prediction::load_model(zip.string()), doctest::Contains("cannot be opened as a zip"));
  CHECK_THROWS_WITH(squall::prediction::load_model("/nope/model.json"), doctest::Contains("'/nope/model.json' cannot be read"));
}
