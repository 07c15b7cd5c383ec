#include "squall/ml/mojo/xgboost_scorer.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/gen_model.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

namespace {

XgboostBooster read_booster(const MojoArchive& archive, const MojoHeader& header) {
  try {
    return XgboostBooster(archive.read("boosterBytes"), header.version == 100);
  } catch (const ModelError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError(fmt::format("MOJO '{}': boosterBytes: {}", header.path, e.what()));
  }
}

constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();

/// Java's (float) of a double: beyond float's range, an infinity (a C++ cast there is undefined).
float java_float(double d) {
  if (std::abs(d) > 3.5e38 && std::isfinite(d)) return d > 0 ? INFINITY : -INFINITY;
  return static_cast<float>(d);
}

}  // namespace

XgboostScorer::XgboostScorer(const MojoArchive& archive, const MojoHeader& header)
    : header_(header), booster_(read_booster(archive, header)) {
  const ModelIni& ini = archive.ini();
  auto refuse = [&](const std::string& why) { mojo::refuse(header, why); };
  if (header.version != 100 && header.version != 110)
    refuse(fmt::format("XGBoost MOJO version {} is not supported (1.00 and 1.10 are)", ini.get("mojo_version")));
  if (ini.get_bool("has_offset", false))
    refuse("an XGBoost model trained with an offset column is not supported (its margin replaces the base score)");
  layout_ = read_one_hot_layout(ini, header);
  sparse_ = ini.get_bool("sparse", false);
  compatible_1_00_ = header.version == 100 && booster_.booster() != "gbtree";
  const auto& offsets = layout_.cat_offsets;
  if (offsets.back() > (1 << 24))  // the one-hot vector is materialised per row
    refuse(fmt::format("cat_offsets must hold {} non-decreasing entries from 0", layout_.cats + 1));
  for (std::size_t c = 0; c + 1 < offsets.size(); ++c)
    for (auto j = offsets[c]; j < offsets[c + 1]; ++j) cat_of_level_.push_back(static_cast<std::int32_t>(c));
  width_ = cat_of_level_.size() + static_cast<std::size_t>(layout_.nums);
  if (booster_.features_read() > width_)
    refuse(fmt::format("the booster reads feature {}, but the one-hot layout has {}", booster_.features_read() - 1, width_));
  const std::size_t outputs = header.n_classes > 2 ? static_cast<std::size_t>(header.n_classes) : 1;
  if (booster_.out_size() != outputs)
    refuse(fmt::format("the booster has {} outputs; {} classes need {}", booster_.out_size(), header.n_classes, outputs));
}

const double* XgboostScorer::fit_row(const double* row, std::size_t& row_size, std::vector<double>& padded) const {
  const auto n = static_cast<std::size_t>(layout_.cats + layout_.nums);
  if (!compatible_1_00_ || row_size == n) return row;
  if (row_size > n) throw ScoringError("java.lang.ArrayIndexOutOfBoundsException: Too many input values.");
  padded.assign(n, 0.0);
  std::copy(row, row + row_size, padded.begin());
  row_size = n;
  return padded.data();
}

void XgboostScorer::encode(const double* row, std::size_t row_size, float* f) const {
  const float not_hot = sparse_ ? kNaNf : 0.0f;
  const std::size_t slots = cat_of_level_.size();
  std::fill(f, f + slots, not_hot);
  const auto& offsets = layout_.cat_offsets;
  for (int c = 0; c < layout_.cats; ++c) {
    const auto at = static_cast<std::size_t>(c);
    const std::int32_t level = one_hot_slot(row_at(row, row_size, at), offsets[at], offsets[at + 1], layout_.use_all_factor_levels);
    // A slot is hot when its own column holds it (1.00: when any column does).
    if (level >= 0 && static_cast<std::size_t>(level) < slots && (compatible_1_00_ || cat_of_level_[static_cast<std::size_t>(level)] == c))
      f[level] = 1.0f;
  }
  for (int i = 0; i < layout_.nums; ++i) {
    const float v = java_float(row_at(row, row_size, static_cast<std::size_t>(layout_.cats + i)));
    f[slots + static_cast<std::size_t>(i)] = sparse_ && v == 0 ? kNaNf : v;
  }
}

void XgboostScorer::to_preds(const float* out, double* preds, std::size_t preds_size, const double* row, std::size_t row_size) const {
  const int k = header_.n_classes;
  if (k > 2) {
    need_preds(preds_size, static_cast<std::size_t>(k) + 1);
    for (int c = 0; c < k; ++c) preds[c + 1] = out[c];
  } else if (k == 2) {
    need_preds(preds_size, 3);
    preds[1] = 1.0f - out[0];  // in float, as H2O computes it
    preds[2] = out[0];
  } else {
    need_preds(preds_size, 1);
    preds[0] = out[0];
    return;
  }
  preds[0] = get_prediction(preds, static_cast<std::size_t>(k) + 1, header_.prior, row, row_size, header_.threshold);
}

void XgboostScorer::score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  if (offset != 0) throw ScoringError("java.lang.UnsupportedOperationException: Unsupported: offset != 0");
  thread_local std::vector<double> padded;
  thread_local std::vector<float> features, out;
  row = fit_row(row, row_size, padded);
  features.resize(width_);
  out.resize(booster_.out_size());
  encode(row, row_size, features.data());
  booster_.predict(features.data(), out.data());
  to_preds(out.data(), preds, preds_size, row, row_size);
}

void XgboostScorer::score_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds,
                                std::size_t preds_size) const {
  thread_local std::vector<double> padded;
  thread_local std::vector<float> features, out;
  features.resize(n * width_);
  out.resize(n * booster_.out_size());
  std::size_t size = row_size;
  for (std::size_t r = 0; r < n; ++r) {
    size = row_size;
    encode(fit_row(rows + r * row_size, size, padded), size, features.data() + r * width_);
  }
  booster_.predict_batch(features.data(), n, width_, out.data());
  for (std::size_t r = 0; r < n; ++r) {
    size = row_size;
    const double* row = fit_row(rows + r * row_size, size, padded);
    to_preds(out.data() + r * booster_.out_size(), preds + r * preds_size, preds_size, row, size);
  }
}

}  // namespace squall::prediction::mojo
