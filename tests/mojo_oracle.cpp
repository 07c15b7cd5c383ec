// The native MOJO runtime against H2O's own expected scores (tests/data/mojoland, see ORIGIN.md):
// scores0 (no offset), scores1 (offset = row index) and the irregular rows of scores2, to 1e-9.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "squall/formats/csv/csv_reader.hpp"
#include "squall/ml/mojo/mojo_model.hpp"
#include "support/files.hpp"

namespace fs = std::filesystem;
using squall::prediction::MojoModel;

namespace {

const fs::path kData = SQUALL_SOURCE_DIR "/tests/data/mojoland";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::vector<std::string> lines_of(const fs::path& p) {
  std::vector<std::string> lines;
  std::stringstream in(test::read_text(p));
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  return lines;
}

/// "[1.0, 0.5]" → {1.0, 0.5}; an exception name → empty.
std::vector<double> parse_scores(const std::string& line) {
  std::vector<double> out;
  if (line.empty() || line[0] != '[') return out;
  std::string s = line.substr(1, line.size() - 2);
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    auto b = item.find_first_not_of(' ');
    item = item.substr(b);
    // strtod, not stod: H2O prints subnormals (4.51E-320), which stod refuses as out of range.
    out.push_back(item == "NaN" ? kNaN : item == "Infinity" ? INFINITY : item == "-Infinity" ? -INFINITY
                                                                                          : std::strtod(item.c_str(), nullptr));
  }
  return out;
}

/// The dataset's rows mapped into the model's feature order (README: categoricals by domain index,
/// unknown or empty → NaN; numbers as doubles, empty → NaN; eyestate uses every 7th line).
std::vector<std::vector<double>> model_rows(const MojoModel& model, const std::string& dataset) {
  std::string text = test::read_text(kData / "datasets" / (dataset + ".csv"));
  squall::spouts::CsvReader reader(text);
  auto header = reader.next()->fields;
  std::vector<std::size_t> source;
  for (const auto& f : model.features()) {
    auto it = std::find(header.begin(), header.end(), f.name);
    REQUIRE_MESSAGE(it != header.end(), "dataset lacks column " << f.name);
    source.push_back(static_cast<std::size_t>(it - header.begin()));
  }
  std::vector<std::vector<double>> rows;
  std::size_t line = 0;
  while (auto r = reader.next()) {
    ++line;
    if (dataset == "eyestate" && line % 7 != 0) continue;
    std::vector<double> row;
    for (std::size_t i = 0; i < source.size(); ++i) {
      const std::string& v = r->fields.at(source[i]);
      const auto& domain = model.features()[i].domain;
      if (!domain.empty()) {
        auto it = std::find(domain.begin(), domain.end(), v);
        row.push_back(v.empty() || it == domain.end() ? kNaN : static_cast<double>(it - domain.begin()));
      } else {
        row.push_back(v.empty() ? kNaN : std::stod(v));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool close(double expected, double actual) {
  if (std::isnan(expected)) return std::isnan(actual);
  if (expected == actual) return true;  // infinities too
  return std::abs(expected - actual) <= 1e-9 * std::max(1.0, std::abs(expected));
}

struct Fixture {
  fs::path dir;
  std::string algo, name, version;
  std::string dataset;  // the CSV: the name without XGBoost's booster suffix ("titanicdart" → "titanic")
  fs::path file(const std::string& suffix) const {
    return dir / (algo + "_v" + version + "_" + name + suffix);
  }
};

std::string dataset_of(const std::string& name) {
  for (const char* booster : {"tree", "dart", "linear"})
    if (name.ends_with(booster)) return name.substr(0, name.size() - std::string(booster).size());
  return name;
}

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  for (const char* algo : {"gbm", "drf", "glm", "deeplearning", "xgboost", "rulefit"})
    for (const auto& d : fs::directory_iterator(kData / algo))
      for (const auto& v : fs::directory_iterator(d.path())) {
        std::string name = d.path().filename().string();
        out.push_back({v.path(), algo, name, v.path().filename().string().substr(1), dataset_of(name)});
      }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.dir < b.dir; });
  return out;
}

/// Scores `row` into `preds` and checks the outcome against an expected line: the scores, or the
/// Java exception H2O raised (the line names it; ScoringError's message starts with it).
bool matches(const MojoModel& model, const std::vector<double>& row, std::optional<double> offset,
             std::vector<double>& preds, const std::string& expected, std::string& outcome) {
  try {
    if (offset) model.score0(row.data(), row.size(), *offset, preds.data(), preds.size());
    else model.score0(row.data(), row.size(), preds.data(), preds.size());
    auto want = parse_scores(expected);
    outcome.clear();
    for (double p : preds) outcome += fmt::format("{} ", p);
    bool ok = want.size() == preds.size();
    for (std::size_t k = 0; ok && k < want.size(); ++k) ok = close(want[k], preds[k]);
    return ok;
  } catch (const squall::prediction::mojo::ScoringError& e) {
    outcome = e.what();
    return expected.starts_with("java.") && outcome.starts_with(expected);
  }
}

/// Scores `rows` with `offset(i)` and compares with the expected lines; returns mismatches.
int compare(const MojoModel& model, const std::vector<std::vector<double>>& rows, const std::vector<std::string>& expected,
            bool with_offset, const std::string& name) {
  REQUIRE_MESSAGE(rows.size() == expected.size(), name << ": " << rows.size() << " rows, " << expected.size() << " scores");
  int bad = 0;
  std::vector<double> preds(model.preds_size());
  std::string got;
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!matches(model, rows[i], with_offset ? std::optional<double>(static_cast<double>(i)) : std::nullopt, preds,
                 expected[i], got) && bad++ < 3)
      MESSAGE(name << " row " << i << ": expected " << expected[i] << " got " << got);
  return bad;
}

/// The same as `compare` through MojoModel::predict, the batched path the prediction bolt takes
/// (trees walked by several rows in lock-step): its outputs are scores0's probabilities, or the
/// regression value.
int compare_batched(const MojoModel& model, const std::vector<std::vector<double>>& rows,
                    const std::vector<std::string>& expected, const std::string& name) {
  const std::size_t n = model.features().size();
  std::vector<double> flat;
  for (const auto& r : rows) flat.insert(flat.end(), r.begin(), r.end());
  REQUIRE(flat.size() == rows.size() * n);
  std::vector<double> out(rows.size() * model.outputs());
  if (std::any_of(expected.begin(), expected.end(), [](const std::string& l) { return l.starts_with("java."); })) {
    CHECK_THROWS_AS(model.predict(flat.data(), rows.size(), out.data()), squall::prediction::ModelError);
    return 0;
  }
  model.predict(flat.data(), rows.size(), out.data());
  int bad = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto want = parse_scores(expected[i]);
    const bool regression = model.classes().empty();
    std::size_t from = regression ? 0 : 1, count = regression ? 1 : want.size() - 1;
    bool ok = count == model.outputs();
    for (std::size_t k = 0; ok && k < count; ++k) ok = close(want[from + k], out[i * model.outputs() + k]);
    if (!ok && bad++ < 3) MESSAGE(name << " row " << i << ": expected " << expected[i] << " got " << out[i * model.outputs()]);
  }
  return bad;
}

}  // namespace

TEST_CASE("MOJO scores equal H2O's: scores0 and scores1 (offsets)") {
  auto all = fixtures();
  // GBM 1.00 1.10 1.30 1.40, DRF 1.00 1.10 1.40, GLM 1.00, Deep Learning 1.00 1.10: 10 models of 4
  // data sets; XGBoost 1.00 and 1.10 of 9 (gbtree on 4 data sets, dart on 2, gblinear on 3); RuleFit
  // 1.00 of 3.
  CHECK(all.size() == 40 + 18 + 3);
  for (const auto& f : all) {
    std::string name = f.algo + " " + f.name + " v" + f.version;
    CAPTURE(name);
    MojoModel model(f.file(".mojo").string());
    auto rows = model_rows(model, f.dataset);
    CHECK(compare(model, rows, lines_of(f.file("_scores0.txt")), false, name + " scores0") == 0);
    CHECK(compare(model, rows, lines_of(f.file("_scores1.txt")), true, name + " scores1") == 0);
    CHECK(compare_batched(model, rows, lines_of(f.file("_scores0.txt")), name + " predict") == 0);
  }
}

namespace {

/// The irregular rows of scores2, in the fixture's order (tests/data/mojoland/ORIGIN.md).
std::vector<std::vector<double>> irregular_rows(std::size_t n) {
  std::vector<std::vector<double>> rows;
  rows.push_back(std::vector<double>(n, kNaN));
  rows.push_back(std::vector<double>(n, 0.0));
  std::vector<double> negative(n);
  for (std::size_t i = 0; i < n; ++i) negative[i] = -static_cast<double>(i);
  rows.push_back(negative);
  std::vector<double> too_many(n + 1);
  for (std::size_t i = 0; i <= n; ++i) too_many[i] = static_cast<double>(i);
  rows.push_back(too_many);
  std::vector<double> too_few(n - 1);
  for (std::size_t i = 0; i + 1 < n; ++i) too_few[i] = static_cast<double>(i);
  rows.push_back(too_few);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    // mojoland's scores2: [x * 1000 for x < i] + [NaN] + [x for i + 2 <= x < n], one value short.
    std::vector<double> r;
    for (std::size_t x = 0; x < i; ++x) r.push_back(static_cast<double>(x) * 1000);
    r.push_back(kNaN);
    for (std::size_t x = i + 2; x < n; ++x) r.push_back(static_cast<double>(x));
    rows.push_back(r);
  }
  for (int k = 10; k <= 200; k += 10) {
    std::vector<double> r(n);
    for (std::size_t x = 0; x < n; ++x) r[x] = static_cast<double>(x + 1) * std::pow(10.0, k);
    rows.push_back(r);
  }
  return rows;
}

}  // namespace

TEST_CASE("MOJO scores2: irregular rows score or raise exactly where H2O does") {
  for (const auto& f : fixtures()) {
    std::string name = f.algo + " " + f.name + " v" + f.version;
    CAPTURE(name);
    MojoModel model(f.file(".mojo").string());
    auto rows = irregular_rows(model.features().size());
    auto expected = lines_of(f.file("_scores2.txt"));
    REQUIRE(expected.size() == rows.size() + 1);
    int bad = 0;
    for (std::size_t i = 0; i <= rows.size(); ++i) {
      // The last line scores the zeros row into a predictions array of one double.
      const auto& row = i < rows.size() ? rows[i] : rows[1];
      std::vector<double> preds(i < rows.size() ? model.preds_size() : 1);
      std::string outcome;
      if (!matches(model, row, std::nullopt, preds, expected[i], outcome) && bad++ < 3)
        MESSAGE(name << " line " << i + 1 << ": expected " << expected[i] << ", got " << outcome);
    }
    CHECK(bad == 0);
  }
}
