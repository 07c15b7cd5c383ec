// The native MOJO runtime against H2O's own expected scores (tests/data/mojoland, see ORIGIN.md):
// scores0 (no offset), scores1 (offset = row index) and the irregular rows of scores2, to 1e-9.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <doctest/doctest.h>

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
    out.push_back(item == "NaN" ? kNaN : item == "Infinity" ? INFINITY : item == "-Infinity" ? -INFINITY : std::stod(item));
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
  return std::abs(expected - actual) <= 1e-9 * std::max(1.0, std::abs(expected));
}

struct Fixture {
  fs::path dir;
  std::string algo, dataset, version;
  fs::path file(const std::string& suffix) const {
    return dir / (algo + "_v" + version + "_" + dataset + suffix);
  }
};

std::vector<Fixture> fixtures() {
  std::vector<Fixture> out;
  for (const char* algo : {"gbm", "drf", "glm"})
    for (const auto& d : fs::directory_iterator(kData / algo))
      for (const auto& v : fs::directory_iterator(d.path()))
        out.push_back({v.path(), algo, d.path().filename().string(), v.path().filename().string().substr(1)});
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.dir < b.dir; });
  return out;
}

/// Scores `rows` with `offset(i)` and compares with the expected lines; returns mismatches.
int compare(const MojoModel& model, const std::vector<std::vector<double>>& rows, const std::vector<std::string>& expected,
            bool with_offset, const std::string& name) {
  REQUIRE_MESSAGE(rows.size() == expected.size(), name << ": " << rows.size() << " rows, " << expected.size() << " scores");
  int bad = 0;
  std::vector<double> preds(model.preds_size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto want = parse_scores(expected[i]);
    model.score0(rows[i].data(), rows[i].size(), with_offset ? static_cast<double>(i) : 0.0, preds.data(), preds.size());
    bool ok = want.size() == preds.size();
    for (std::size_t k = 0; ok && k < want.size(); ++k) ok = close(want[k], preds[k]);
    if (!ok && bad++ < 3) {
      std::string got;
      for (double p : preds) got += std::to_string(p) + " ";
      MESSAGE(name << " row " << i << ": expected " << expected[i] << " got " << got);
    }
  }
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
  CHECK(all.size() == 32);  // GBM 1.00 1.10 1.30 1.40, DRF 1.00 1.10 1.40, GLM 1.00: 8 models of 4 data sets
  for (const auto& f : all) {
    std::string name = f.algo + " " + f.dataset + " v" + f.version;
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
  rows.push_back(std::vector<double>(n - 1, 0.0));
  for (std::size_t i = 0; i + 1 < n; ++i) {
    std::vector<double> r(n - 1, 0.0);
    r[i] = kNaN;
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
    std::string name = f.algo + " " + f.dataset + " v" + f.version;
    CAPTURE(name);
    MojoModel model(f.file(".mojo").string());
    auto rows = irregular_rows(model.features().size());
    auto expected = lines_of(f.file("_scores2.txt"));
    REQUIRE(expected.size() == rows.size() + 1);
    int bad = 0;
    for (std::size_t i = 0; i <= rows.size(); ++i) {
      // The last line scores the zeros row into a predictions array one too short.
      const auto& row = i < rows.size() ? rows[i] : rows[1];
      std::vector<double> preds(model.preds_size() - (i < rows.size() ? 0 : 1));
      std::string outcome;
      bool ok;
      try {
        model.score0(row.data(), row.size(), 0.0, preds.data(), preds.size());
        auto want = parse_scores(expected[i]);
        ok = want.size() == preds.size();
        for (std::size_t k = 0; ok && k < want.size(); ++k) ok = close(want[k], preds[k]);
        outcome = "scores";
      } catch (const squall::prediction::mojo::ScoringError& e) {
        outcome = e.what();
        ok = outcome.starts_with(expected[i]) && expected[i].starts_with("java.");
      }
      if (!ok && bad++ < 3) MESSAGE(name << " line " << i + 1 << ": expected " << expected[i] << ", got " << outcome);
    }
    CHECK(bad == 0);
  }
}
