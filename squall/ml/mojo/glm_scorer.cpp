#include "squall/ml/mojo/glm_scorer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/gen_model.hpp"
#include "squall/ml/mojo/java_int.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

GlmScorer::GlmScorer(const MojoArchive& archive, const MojoHeader& header) : header_(header) {
  const ModelIni& ini = archive.ini();
  const std::string& path = header.path;
  if (header.version != 100)
    throw ModelError(fmt::format("MOJO '{}': GLM MOJO version {} is not supported (1.00 is)", path, ini.get("mojo_version")));
  use_all_factor_levels_ = ini.get_bool("use_all_factor_levels", false);
  cats_ = ini.get_int("cats");
  nums_ = ini.get_int("nums");
  cat_offsets_ = ini_ints(ini.get_doubles("cat_offsets"), "cat_offsets", path);
  mean_imputation_ = ini.get_bool("mean_imputation", false);
  num_means_ = ini.get_doubles("num_means");
  cat_modes_ = ini_ints(ini.get_doubles("cat_modes"), "cat_modes", path);
  beta_ = ini.get_doubles("beta");
  const std::string family = ini.get("family");
  const std::string link = ini.get("link", family == "binomial" ? "logit" : "identity");
  if (link != "multinomial") link_ = LinkFunction::parse(link, ini.get_double("tweedie_link_power", 1), path);
  if (cats_ < 0 || nums_ < 0 || cats_ + nums_ > header.n_features)
    throw ModelError(fmt::format("MOJO '{}': cats = {} and nums = {} do not fit {} features", path, cats_, nums_,
                                 header.n_features));
  if (cat_offsets_.size() != static_cast<std::size_t>(cats_) + 1)
    throw ModelError(fmt::format("MOJO '{}': cat_offsets has {} entries for {} categoricals", path, cat_offsets_.size(), cats_));
  if (cat_offsets_[0] < 0 || !std::is_sorted(cat_offsets_.begin(), cat_offsets_.end()))
    throw ModelError(fmt::format("MOJO '{}': cat_offsets must start at 0 or more and never decrease", path));
  // GlmMojoModel reads beta[cat_offsets[cats] + nums] per class, the intercept last.
  const std::size_t classes = header.n_classes > 2 ? static_cast<std::size_t>(header.n_classes) : 1;
  const std::size_t per_class = static_cast<std::size_t>(cat_offsets_.back()) + static_cast<std::size_t>(nums_) + 1;
  if (beta_.size() != classes * per_class)
    throw ModelError(fmt::format("MOJO '{}': beta has {} coefficients; {} categorical levels, {} numeric columns and "
                                 "an intercept{} need {}", path, beta_.size(), cat_offsets_.back(), nums_,
                                 classes > 1 ? fmt::format(", for each of {} classes,", classes) : "", classes * per_class));
  if (mean_imputation_ && (num_means_.size() < static_cast<std::size_t>(nums_) || cat_modes_.size() < static_cast<std::size_t>(cats_)))
    throw ModelError(fmt::format("MOJO '{}': mean imputation needs num_means for {} numeric and cat_modes for {} "
                                 "categorical columns; has {} and {}", path, nums_, cats_, num_means_.size(), cat_modes_.size()));
}

int GlmScorer::cat_index(double v, int i) const {
  // GlmMojoModel: `int ival = (int) data[i] - 1; if (ival != data[i] - 1) throw ...`, with Java's
  // saturating (int) cast, so 1e10 is out of range rather than a huge level.
  int base = use_all_factor_levels_ ? 0 : 1;
  if (!use_all_factor_levels_ && v == 0) return -1;
  std::int64_t ival = static_cast<std::int64_t>(java_int(v)) - base;
  if (static_cast<double>(ival) != v - base) throw ScoringError("java.lang.IllegalArgumentException: categorical value out of range");
  ival += cat_offsets_[static_cast<std::size_t>(i)];
  return ival < cat_offsets_[static_cast<std::size_t>(i) + 1] ? static_cast<int>(ival) : -1;
}

void GlmScorer::score0(const double* input, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  thread_local std::vector<double> data;  // imputation writes into the row, as H2O does; no allocation per row
  data.assign(input, input + row_size);
  if (mean_imputation_) {
    for (int i = 0; i < cats_; ++i)
      if (std::isnan(row_at(data.data(), row_size, static_cast<std::size_t>(i)))) data[static_cast<std::size_t>(i)] = cat_modes_[static_cast<std::size_t>(i)];
    for (int i = 0; i < nums_; ++i)
      if (std::isnan(row_at(data.data(), row_size, static_cast<std::size_t>(i + cats_))))
        data[static_cast<std::size_t>(i + cats_)] = num_means_[static_cast<std::size_t>(i)];
  }
  const double* row = data.data();
  if (header_.n_classes > 2) {
    multinomial(row, row_size, preds, preds_size);
    return;
  }
  double eta = 0;
  for (int i = 0; i < cats_; ++i) {
    int b = cat_index(row_at(row, row_size, static_cast<std::size_t>(i)), i);
    if (b >= 0) eta += beta_[static_cast<std::size_t>(b)];
  }
  int noff = cat_offsets_[static_cast<std::size_t>(cats_)] - cats_;
  for (int i = cats_; i < static_cast<int>(beta_.size()) - 1 - noff; ++i)
    eta += beta_[static_cast<std::size_t>(noff + i)] * row_at(row, row_size, static_cast<std::size_t>(i));
  eta += beta_.back();
  eta += offset;
  double mu = link_.inverse(eta);
  if (header_.n_classes == 2) {
    need_preds(preds_size, 3);
    preds[0] = mu >= header_.threshold ? 1 : 0;
    preds[1] = 1.0 - mu;
    preds[2] = mu;
  } else {
    need_preds(preds_size, 1);
    preds[0] = mu;
  }
}

void GlmScorer::multinomial(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
  const int k = header_.n_classes;
  need_preds(preds_size, static_cast<std::size_t>(k) + 1);
  const std::size_t p = beta_.size() / static_cast<std::size_t>(k);
  const int noff = cat_offsets_[static_cast<std::size_t>(cats_)];
  preds[0] = 0;
  for (int c = 0; c < k; ++c) {
    double& v = preds[c + 1];
    v = 0;
    for (int i = 0; i < cats_; ++i) {
      int b = cat_index(row_at(row, row_size, static_cast<std::size_t>(i)), i);
      if (b >= 0) v += beta_[static_cast<std::size_t>(b) + static_cast<std::size_t>(c) * p];
    }
    for (int i = 0; i < nums_; ++i)
      v += beta_[static_cast<std::size_t>(i + noff) + static_cast<std::size_t>(c) * p] * row_at(row, row_size, static_cast<std::size_t>(i + cats_));
    v += beta_[(p - 1) + static_cast<std::size_t>(c) * p];
  }
  double max_row = 0;
  for (int c = 1; c <= k; ++c) max_row = std::max(max_row, preds[c]);
  double sum = 0;
  for (int c = 1; c <= k; ++c) sum += (preds[c] = std::exp(preds[c] - max_row));
  sum = 1 / sum;
  for (int c = 1; c <= k; ++c) preds[c] *= sum;
  preds[0] = get_prediction(preds, static_cast<std::size_t>(k) + 1, header_.prior, row, row_size, header_.threshold);
}

}  // namespace squall::prediction::mojo
