// Cost per row of the model scorers and the H2O demo end to end, as JSON (medians of RUNS runs).
//
//   bench_prediction [RUNS]
//
// - mojo_*: squall's native MOJO runtime (MojoModel::predict) on H2O fixtures, every row of the
//   model's data set, ns per row. Baseline in the same run: the same trees walked row by row
//   straight from their MOJO bytes, as h2o-genmodel's SharedTreeMojoModel.scoreTree does
//   (bench/mojo_byte_walker.hpp; the sum of the leaves only, no link function).
// - xgboost_single / xgboost_batch1000: squall's XGBoostModel on the cat/dog model; baseline:
//   libxgboost's own XGBoosterPredict on a DMatrix of the same rows (its classic API).
// - mojo_deeplearning_titanic: H2O's titanic Deep Learning MOJO (205 inputs, two hidden layers of
//   200 rectifiers, 8 classes), MojoModel::predict; baseline: the network scored row by row as
//   h2o-genmodel does (bench/deeplearning_reference.hpp), with the largest difference between them.
// - mojo_xgboost_titanic_gbtree: H2O's titanic XGBoost MOJO (50 rounds × 8 classes), squall's own
//   walker; baseline: libxgboost's XGBoosterPredict on the same booster (loaded from the MOJO's
//   boosterBytes) and the same one-hot feature vectors, with the largest difference in probability.
// - pojo_gbm_cat_dog: the tutorial's GBMPojo.java imported (PojoModel::predict, the bolt's batched
//   path) on training_data.csv, ns per row; target <= 500 ns.
// - demo_end_to_end: topologies/h2o_prediction.yaml with the spout unthrottled and looping, rows
//   acked per second over a few seconds (all sinks on: file, live page).

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include "bench/deeplearning_reference.hpp"
#include "bench/mojo_byte_walker.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/formats/csv/csv_reader.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"
#include "squall/ml/mojo/mojo_model.hpp"
#include "squall/ml/pojo/pojo_model.hpp"
#include "squall/ml/xgboost_model.hpp"
#include "squall/runtime/local_cluster.hpp"

namespace {

using Clock = std::chrono::steady_clock;
const std::string kRoot = SQUALL_SOURCE_DIR;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string read_text(const std::string& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The data set's rows in the model's feature order (categoricals as level indexes).
std::vector<double> model_rows(const squall::prediction::Model& model, const std::string& csv, std::size_t& n_rows) {
  std::string text = read_text(csv);
  squall::spouts::CsvReader reader(text);
  auto header = reader.next()->fields;
  std::vector<double> rows;
  n_rows = 0;
  while (auto r = reader.next()) {
    for (const auto& f : model.features()) {
      auto col = std::find(header.begin(), header.end(), f.name) - header.begin();
      const std::string& v = r->fields.at(static_cast<std::size_t>(col));
      if (!f.domain.empty()) {
        auto it = std::find(f.domain.begin(), f.domain.end(), v);
        rows.push_back(it == f.domain.end() ? NAN : static_cast<double>(it - f.domain.begin()));
      } else {
        rows.push_back(v.empty() ? NAN : std::stod(v));
      }
    }
    ++n_rows;
  }
  return rows;
}

template <typename F>
double ns_per_row(F&& score, std::size_t rows, int runs) {
  std::vector<double> samples;
  for (int r = 0; r < runs; ++r) {
    auto t0 = Clock::now();
    std::size_t done = 0;
    do {
      score();
      done += rows;
    } while (Clock::now() - t0 < std::chrono::milliseconds(200));
    samples.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / static_cast<double>(done));
  }
  return median(samples);
}

volatile double sink;

std::string bench_mojo(const std::string& name, const std::string& algo, const std::string& dataset, int runs) {
  std::string dir = fmt::format("{}/tests/data/mojoland/{}/{}/v1.40/", kRoot, algo, dataset);
  squall::prediction::MojoModel model(dir + fmt::format("{}_v1.40_{}.mojo", algo, dataset));
  std::size_t n = 0;
  auto rows = model_rows(model, fmt::format("{}/tests/data/mojoland/datasets/{}.csv", kRoot, dataset), n);
  std::vector<double> out(n * model.outputs());
  double ns = ns_per_row([&] { model.predict(rows.data(), n, out.data()); sink = out[0]; }, n, runs);
  squall::prediction::mojo::MojoArchive archive(dir + fmt::format("{}_v1.40_{}.mojo", algo, dataset));
  std::vector<std::vector<std::uint8_t>> trees;
  for (int c = 0; c < 100; ++c)
    for (int g = 0;; ++g) {
      std::string entry = squall::prediction::mojo::tree_entry(c, g);
      if (!archive.contains(entry)) break;
      trees.push_back(archive.read(entry));
    }
  squall::bench::MojoByteWalker walker(std::move(trees));
  const std::size_t width = model.features().size();
  double baseline = ns_per_row([&] { for (std::size_t r = 0; r < n; ++r) sink = walker.score(rows.data() + r * width); }, n, runs);
  return fmt::format(R"(    "{}": {{"algo": "{}", "dataset": "{}", "rows": {}, "ns_per_row": {:.1f}, "baseline_tree_bytes_ns_per_row": {:.1f}}})",
                     name, algo, dataset, n, ns, baseline);
}

std::string mojoland(const std::string& algo, const std::string& name, const std::string& version) {
  return fmt::format("{}/tests/data/mojoland/{}/{}/v{}/{}_v{}_{}.mojo", kRoot, algo, name, version, algo, version, name);
}

std::vector<int> ints(const std::vector<double>& v) { return {v.begin(), v.end()}; }

/// A mojoland MOJO on every row of the titanic data set, timed through MojoModel::predict.
struct TitanicRun {
  squall::prediction::MojoModel model;
  std::size_t n = 0, k = 0, width = 0;
  std::vector<double> rows, out;
  double ns = 0;
  TitanicRun(const std::string& path, int runs) : model(path) {
    rows = model_rows(model, kRoot + "/tests/data/mojoland/datasets/titanic.csv", n);
    k = model.outputs();
    width = model.features().size();
    out.resize(n * k);
    ns = ns_per_row([&] { model.predict(rows.data(), n, out.data()); sink = out[0]; }, n, runs);
  }
};

std::string bench_deeplearning(int runs) {
  const std::string path = mojoland("deeplearning", "titanic", "1.10");
  TitanicRun run(path, runs);
  const auto& [n, k, width, rows, out, ns] = std::tie(run.n, run.k, run.width, run.rows, run.out, run.ns);
  std::vector<double> ref_out(n * k);
  squall::prediction::mojo::MojoArchive archive(path);
  const auto& ini = archive.ini();
  std::vector<squall::bench::DeeplearningReference::Layer> layers;
  const auto units = ini.get_doubles("neural_network_sizes");
  for (std::size_t l = 0; l + 1 < units.size(); ++l) {
    auto w = ini.get_doubles(fmt::format("weight_layer{}", l));
    layers.push_back({std::vector<float>(w.begin(), w.end()), ini.get_doubles(fmt::format("bias_layer{}", l)),
                      l + 2 == units.size() ? "Softmax" : "Rectifier"});
  }
  squall::bench::DeeplearningReference ref(std::move(layers), ints(ini.get_doubles("cat_offsets")),
                                           ini.get_doubles("norm_mul"), ini.get_doubles("norm_sub"));
  double baseline = ns_per_row([&] {
    for (std::size_t r = 0; r < n; ++r) ref.score(rows.data() + r * width, ref_out.data() + r * k);
    sink = ref_out[0];
  }, n, runs);
  double diff = 0;
  for (std::size_t i = 0; i < out.size(); ++i) diff = std::max(diff, std::abs(out[i] - ref_out[i]));
  return fmt::format(R"(    "mojo_deeplearning_titanic": {{"rows": {}, "ns_per_row": {:.1f}, "baseline_genmodel_style_ns_per_row": {:.1f}, "max_abs_diff_vs_baseline": {:.3g}}})",
                     n, ns, baseline, diff);
}

std::string bench_xgboost_mojo(int runs) {
  const std::string path = mojoland("xgboost", "titanictree", "1.10");
  TitanicRun run(path, runs);
  const auto& [n, width, rows, out, ns] = std::tie(run.n, run.width, run.rows, run.out, run.ns);
  // libxgboost on the MOJO's own booster and the one-hot rows H2O builds (sparse: NaN not hot, 0 missing).
  squall::prediction::mojo::MojoArchive archive(path);
  const auto booster_bytes = archive.read("boosterBytes");
  const auto offsets = ints(archive.ini().get_doubles("cat_offsets"));
  const std::size_t cats = offsets.size() - 1, slots = static_cast<std::size_t>(offsets.back());
  const std::size_t features = slots + (width - cats);
  std::vector<float> onehot(n * features, NAN);
  for (std::size_t r = 0; r < n; ++r) {
    const double* row = rows.data() + r * width;
    float* f = onehot.data() + r * features;
    for (std::size_t c = 0; c < cats; ++c) f[std::isnan(row[c]) ? offsets[c + 1] - 1 : offsets[c] + static_cast<int>(row[c])] = 1;
    for (std::size_t i = cats; i < width; ++i) f[slots + i - cats] = row[i] == 0 ? NAN : static_cast<float>(row[i]);
  }
  XGBSetGlobalConfig(R"({"verbosity": 0})");
  BoosterHandle booster;
  XGBoosterCreate(nullptr, 0, &booster);
  XGBoosterLoadModelFromBuffer(booster, booster_bytes.data(), booster_bytes.size());
  XGBoosterSetParam(booster, "nthread", "1");
  const float* p = nullptr;
  double raw = ns_per_row([&] {
    DMatrixHandle m;
    XGDMatrixCreateFromMat(onehot.data(), n, features, NAN, &m);
    bst_ulong len;
    XGBoosterPredict(booster, m, 0, 0, 0, &len, &p);
    sink = p[0];
    XGDMatrixFree(m);
  }, n, runs);
  DMatrixHandle m;
  XGDMatrixCreateFromMat(onehot.data(), n, features, NAN, &m);
  bst_ulong len;
  XGBoosterPredict(booster, m, 0, 0, 0, &len, &p);
  double diff = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(len, out.size()); ++i) diff = std::max(diff, std::abs(out[i] - p[i]));
  XGDMatrixFree(m);
  XGBoosterFree(booster);
  return fmt::format(R"(    "mojo_xgboost_titanic_gbtree": {{"rows": {}, "ns_per_row": {:.1f}, "baseline_libxgboost_dmatrix_ns_per_row": {:.1f}, "max_abs_diff_vs_libxgboost": {:.3g}}})",
                     n, ns, raw, diff);
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  std::vector<std::string> results;
  results.push_back(bench_mojo("mojo_gbm_eyestate_100_trees", "gbm", "eyestate", runs));
  results.push_back(bench_mojo("mojo_drf_eyestate_100_trees", "drf", "eyestate", runs));
  results.push_back(bench_mojo("mojo_gbm_titanic_50x8_trees", "gbm", "titanic", runs));
  results.push_back(bench_mojo("mojo_gbm_iris_20x3_trees", "gbm", "iris", runs));
  results.push_back(bench_deeplearning(runs));
  results.push_back(bench_xgboost_mojo(runs));

  {  // The tutorial's POJO, imported.
    squall::prediction::PojoModel pojo(kRoot + "/examples/h2o_demo/model/GBMPojo.java");
    std::size_t n = 0;
    auto rows = model_rows(pojo, kRoot + "/examples/h2o_demo/data/training_data.csv", n);
    std::vector<double> out(n * 2);
    double ns = ns_per_row([&] { pojo.predict(rows.data(), n, out.data()); sink = out[0]; }, n, runs);
    results.push_back(fmt::format(R"(    "pojo_gbm_cat_dog_10_trees": {{"rows": {}, "ns_per_row": {:.1f}, "target_ns_per_row": 500}})", n, ns));
  }

  // XGBoost: squall's wrapper (dense, in place) vs the library's DMatrix API, same rows.
  std::string model_path = kRoot + "/examples/h2o_demo/model/cat_dog.xgb.json";
  squall::prediction::XGBoostModel xgb(model_path);
  std::size_t n = 0;
  auto rows = model_rows(xgb, kRoot + "/examples/h2o_demo/data/training_data.csv", n);
  std::vector<double> out(n * 2);
  double single = ns_per_row([&] { for (std::size_t r = 0; r < n; ++r) xgb.predict(rows.data() + r * 15, 1, out.data()); }, n, runs);
  double batch = ns_per_row([&] { xgb.predict(rows.data(), n, out.data()); }, n, runs);
  BoosterHandle booster;
  XGBoosterCreate(nullptr, 0, &booster);
  XGBoosterLoadModel(booster, model_path.c_str());
  XGBoosterSetParam(booster, "nthread", "1");
  std::vector<float> f(rows.begin(), rows.end());
  double raw = ns_per_row([&] {
    DMatrixHandle m;
    XGDMatrixCreateFromMat(f.data(), n, 15, NAN, &m);
    bst_ulong len;
    const float* p;
    XGBoosterPredict(booster, m, 0, 0, 0, &len, &p);
    sink = p[0];
    XGDMatrixFree(m);
  }, n, runs);
  XGBoosterFree(booster);
  results.push_back(fmt::format(R"(    "xgboost_single_row": {{"rows": {}, "ns_per_row": {:.1f}}})", n, single));
  results.push_back(fmt::format(R"(    "xgboost_batch_{}": {{"ns_per_row": {:.1f}, "baseline_xgboost_dmatrix_ns_per_row": {:.1f}}})", n, batch, raw));

  // The demo end to end. Its web view prints the run's accuracy to stdout when it stops: kept out
  // of the JSON (stdout goes to /dev/null meanwhile).
  std::fflush(stdout);
  const int saved_stdout = dup(STDOUT_FILENO);
  const int devnull = open("/dev/null", O_WRONLY);
  dup2(devnull, STDOUT_FILENO);
  close(devnull);
  std::vector<double> rates;
  for (int r = 0; r < std::min(runs, 3); ++r) {
    squall::LoadOptions options;
    options.substitution.properties = {{"rows.per.second", "0"}, {"port", "0"}, {"loop", "true"}, {"output", "/dev/null"}};
    options.config_overrides = {{"squall.progress.interval.secs", 0}};
    auto loaded = squall::load_topology_file(kRoot + "/topologies/h2o_prediction.yaml", options);
    squall::LocalCluster cluster;
    cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
    cluster.run_for(std::chrono::seconds(1));
    auto before = cluster.metrics(loaded.name);
    cluster.run_for(std::chrono::seconds(3));
    auto after = cluster.metrics(loaded.name);
    cluster.kill_topology(loaded.name);
    double acked = static_cast<double>(after.component("live-data")->acked - before.component("live-data")->acked);
    rates.push_back(acked / (after.uptime_secs - before.uptime_secs));
  }
  std::fflush(stdout);
  dup2(saved_stdout, STDOUT_FILENO);
  close(saved_stdout);
  results.push_back(fmt::format(R"(    "demo_end_to_end": {{"rows_per_second": {:.0f}, "runs": {}}})", median(rates), rates.size()));

  std::printf("{\n  \"benchmark\": \"prediction\",\n  \"runs\": %d,\n  \"results\": {\n", runs);
  for (std::size_t i = 0; i < results.size(); ++i) std::printf("%s%s\n", results[i].c_str(), i + 1 < results.size() ? "," : "");
  std::printf("  }\n}\n");
  return 0;
}
