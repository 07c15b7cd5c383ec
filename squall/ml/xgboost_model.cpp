#include "squall/ml/xgboost_model.hpp"

#include <cmath>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include "squall/ml/xgboost_model_check.hpp"

namespace squall::prediction {

namespace {

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(item);
  return out;
}

void check(int rc, const std::string& path, const char* what) {
  if (rc != 0) throw ModelError(fmt::format("XGBoost model '{}': {}: {}", path, what, XGBGetLastError()));
}

}  // namespace

XGBoostModel::XGBoostModel(const std::string& path) : path_(path) {
  check_xgboost_json_model(path);  // before libxgboost, which trusts the file's shape
  check(XGBoosterCreate(nullptr, 0, &booster_), path, "cannot create a booster");
  try {
    check(XGBoosterLoadModel(booster_, path.c_str()), path, "cannot load");
    check(XGBoosterSetParam(booster_, "nthread", "1"), path, "cannot set nthread");
    bst_ulong n = 0;
    const char** names = nullptr;
    check(XGBoosterGetStrFeatureInfo(booster_, "feature_name", &n, &names), path, "cannot read feature names");
    if (n == 0) throw ModelError(fmt::format("XGBoost model '{}' has no feature names: train it with named features", path));
    std::vector<std::string> feature_names(names, names + n);
    auto attr = [&](const std::string& key) -> std::optional<std::string> {
      const char* value = nullptr;
      int found = 0;
      check(XGBoosterGetAttr(booster_, key.c_str(), &value, &found), path, "cannot read attributes");
      if (!found) return std::nullopt;
      return std::string(value);
    };
    for (const auto& name : feature_names) {
      Feature f{name, {}};
      if (auto domain = attr("squall.domain." + name)) f.domain = split_commas(*domain);
      features_.push_back(std::move(f));
    }
    if (auto classes = attr("squall.classes")) classes_ = split_commas(*classes);
    if (auto threshold = attr("squall.threshold")) threshold_ = std::stod(*threshold);
    if (classes_.size() > 2) throw ModelError(fmt::format("XGBoost model '{}': multi-class models are not supported yet", path));
  } catch (...) {
    XGBoosterFree(booster_);
    throw;
  }
}

XGBoostModel::~XGBoostModel() { XGBoosterFree(booster_); }

void XGBoostModel::predict(const double* rows, std::size_t n_rows, double* out) const {
  const std::size_t n_features = features_.size();
  buffer_.resize(n_rows * n_features);
  for (std::size_t i = 0; i < buffer_.size(); ++i) buffer_[i] = static_cast<float>(rows[i]);
  std::string array = fmt::format(
      R"({{"data": [{}, true], "shape": [{}, {}], "typestr": "<f4", "version": 3}})",
      reinterpret_cast<std::uintptr_t>(buffer_.data()), n_rows, n_features);
  // 1.7 needs cache_id; type 0 = values after the link function (probabilities).
  const char* config = R"({"type": 0, "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false, "cache_id": 0, "missing": NaN})";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* result = nullptr;
  check(XGBoosterPredictFromDense(booster_, array.c_str(), config, nullptr, &shape, &dim, &result), path_, "predict failed");
  if (classes_.size() == 2) {
    for (std::size_t r = 0; r < n_rows; ++r) {
      out[2 * r + 1] = result[r];
      out[2 * r] = 1.0 - result[r];
    }
  } else {
    for (std::size_t r = 0; r < n_rows; ++r) out[r] = result[r];
  }
}

}  // namespace squall::prediction
