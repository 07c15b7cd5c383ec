// Trains the demo's cat/dog model with XGBoost, mirroring H2O's tutorial GBM: 10 trees of depth
// 5, learning rate 0.1, on data/training_data.csv. Prints 5-fold cross-validated accuracy, picks
// the max-F1 threshold on the training data (as H2O does), reports accuracy on
// data/live_data.csv (the training rows shuffled: in-sample), and saves the model as JSON with
// the attributes squall's prediction bolt reads (squall/ml/xgboost_model.hpp).
//
//   train_model DATA_DIR OUTPUT.json

#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "squall/formats/csv/csv_reader.hpp"

namespace {

const std::vector<std::string> kFeatures = {"Has4Legs", "CoatColor", "HairLength", "TailLength", "EnjoysPlay",
                                            "StaresOutWindow", "HoursSpentNapping", "RespondsToCommands",
                                            "EasilyFrightened", "Age", "Noise1", "Noise2", "Noise3", "Noise4", "Noise5"};
const std::vector<std::string> kClasses = {"cat", "dog"};  // H2O's domain order: sorted

struct Data {
  std::vector<float> x;  // rows × features
  std::vector<float> y;  // 1 = dog
  std::size_t rows() const { return y.size(); }
};

void check(int rc) {
  if (rc != 0) throw std::runtime_error(XGBGetLastError());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// Rows of a cat/dog CSV; `header` tells whether the first row names the columns (training data
/// has one, live data does not and uses the same column order).
Data read_rows(const std::string& path, bool header, const std::vector<std::string>& coat_levels) {
  std::string text = read_file(path);
  squall::spouts::CsvReader reader(text);
  if (header) reader.next();
  Data d;
  while (auto r = reader.next()) {
    if (!r->error.empty() || r->fields.size() != kFeatures.size() + 1)
      throw std::runtime_error(path + ":" + std::to_string(r->line) + ": malformed row");
    d.y.push_back(r->fields[0] == "dog" ? 1.0f : 0.0f);
    for (std::size_t f = 0; f < kFeatures.size(); ++f) {
      const std::string& v = r->fields[f + 1];
      if (kFeatures[f] == "CoatColor") {
        auto it = std::find(coat_levels.begin(), coat_levels.end(), v);
        d.x.push_back(it == coat_levels.end() ? NAN : static_cast<float>(it - coat_levels.begin()));
      } else {
        d.x.push_back(std::stof(v));
      }
    }
  }
  return d;
}

std::vector<std::string> coat_levels_of(const std::string& path) {
  std::string text = read_file(path);
  squall::spouts::CsvReader reader(text);
  reader.next();
  std::set<std::string> levels;
  while (auto r = reader.next()) levels.insert(r->fields.at(2));
  return {levels.begin(), levels.end()};
}

BoosterHandle train(const Data& d) {
  DMatrixHandle m;
  check(XGDMatrixCreateFromMat(d.x.data(), d.rows(), kFeatures.size(), NAN, &m));
  check(XGDMatrixSetFloatInfo(m, "label", d.y.data(), d.rows()));
  BoosterHandle b;
  check(XGBoosterCreate(&m, 1, &b));
  for (auto [k, v] : std::vector<std::pair<const char*, const char*>>{
           {"objective", "binary:logistic"}, {"max_depth", "5"}, {"eta", "0.1"}, {"nthread", "1"},
           {"seed", "42"}, {"base_score", "0.5"}, {"tree_method", "exact"}})
    check(XGBoosterSetParam(b, k, v));
  for (int i = 0; i < 10; ++i) check(XGBoosterUpdateOneIter(b, i, m));
  check(XGDMatrixFree(m));
  return b;
}

std::vector<float> predict(BoosterHandle b, const Data& d) {
  DMatrixHandle m;
  check(XGDMatrixCreateFromMat(d.x.data(), d.rows(), kFeatures.size(), NAN, &m));
  bst_ulong n = 0;
  const float* out = nullptr;
  check(XGBoosterPredict(b, m, 0, 0, 0, &n, &out));
  std::vector<float> p(out, out + n);
  check(XGDMatrixFree(m));
  return p;
}

double accuracy(const std::vector<float>& p, const Data& d, double threshold) {
  std::size_t right = 0;
  for (std::size_t i = 0; i < p.size(); ++i) right += ((p[i] >= threshold) == (d.y[i] == 1.0f));
  return static_cast<double>(right) / static_cast<double>(p.size());
}

/// The threshold on P(dog) that maximizes F1 for "dog" (H2O's default for binomial models).
double max_f1_threshold(const std::vector<float>& p, const Data& d) {
  double best = 0.5, best_f1 = -1;
  for (float t : std::set<float>(p.begin(), p.end())) {
    double tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
      bool predicted = p[i] >= t, actual = d.y[i] == 1.0f;
      tp += predicted && actual;
      fp += predicted && !actual;
      fn += !predicted && actual;
    }
    double f1 = 2 * tp / (2 * tp + fp + fn);
    if (f1 > best_f1) best_f1 = f1, best = t;
  }
  return best;
}

Data subset(const Data& d, const std::vector<std::size_t>& rows) {
  Data s;
  for (auto r : rows) {
    s.y.push_back(d.y[r]);
    s.x.insert(s.x.end(), d.x.begin() + r * kFeatures.size(), d.x.begin() + (r + 1) * kFeatures.size());
  }
  return s;
}

double cross_validated_accuracy(const Data& d, int folds) {
  std::vector<std::size_t> order(d.rows());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(42));
  std::size_t right = 0;
  for (int f = 0; f < folds; ++f) {
    std::vector<std::size_t> train_rows, test_rows;
    for (std::size_t i = 0; i < order.size(); ++i) (static_cast<int>(i % folds) == f ? test_rows : train_rows).push_back(order[i]);
    Data train_set = subset(d, train_rows), test_set = subset(d, test_rows);
    BoosterHandle b = train(train_set);
    double threshold = max_f1_threshold(predict(b, train_set), train_set);
    right += static_cast<std::size_t>(std::lround(accuracy(predict(b, test_set), test_set, threshold) * test_set.rows()));
    XGBoosterFree(b);
  }
  return static_cast<double>(right) / static_cast<double>(d.rows());
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: train_model DATA_DIR OUTPUT.json\n");
    return 2;
  }
  try {
    std::string dir = argv[1];
    auto coat_levels = coat_levels_of(dir + "/training_data.csv");
    Data training = read_rows(dir + "/training_data.csv", true, coat_levels);
    Data live = read_rows(dir + "/live_data.csv", false, coat_levels);

    double cv = cross_validated_accuracy(training, 5);
    BoosterHandle b = train(training);
    double threshold = max_f1_threshold(predict(b, training), training);
    double live_accuracy = accuracy(predict(b, live), live, threshold);

    std::vector<const char*> names, types;
    for (const auto& f : kFeatures) names.push_back(f.c_str()), types.push_back("q");
    check(XGBoosterSetStrFeatureInfo(b, "feature_name", names.data(), names.size()));
    check(XGBoosterSetStrFeatureInfo(b, "feature_type", types.data(), types.size()));
    check(XGBoosterSetAttr(b, "squall.classes", join(kClasses).c_str()));
    check(XGBoosterSetAttr(b, "squall.domain.CoatColor", join(coat_levels).c_str()));
    char threshold_text[32];
    std::snprintf(threshold_text, sizeof threshold_text, "%.9g", threshold);
    check(XGBoosterSetAttr(b, "squall.threshold", threshold_text));
    check(XGBoosterSaveModel(b, argv[2]));
    XGBoosterFree(b);

    std::printf("{\"trees\": 10, \"max_depth\": 5, \"eta\": 0.1, \"training_rows\": %zu,\n"
                " \"cv5_accuracy\": %.4f, \"max_f1_threshold\": %s, \"live_data_accuracy_in_sample\": %.4f,\n"
                " \"model\": \"%s\"}\n",
                training.rows(), cv, threshold_text, live_accuracy, argv[2]);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "train_model: %s\n", e.what());
    return 1;
  }
}
