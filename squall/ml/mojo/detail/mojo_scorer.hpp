#pragma once
// A loaded MOJO's scoring state and arithmetic (MojoModel's Impl): the trees' sum or the GLM's
// linear predictor, then H2O's link, distribution and prior corrections, as H2O's genmodel does in
// GbmMojoModel, DrfMojoModel and GlmMojoModel (https://github.com/h2oai/h2o-3, h2o-genmodel).
// Loading (model.ini, domains, trees) is in mojo_model.cpp. Internal: not installed.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/ml/mojo/gen_model.hpp"
#include "squall/ml/mojo/java_int.hpp"
#include "squall/ml/mojo/mojo_model.hpp"

namespace squall::prediction {

using mojo::ScoringError;

struct MojoModel::Impl {
  // Resolved from model.ini once at load, so that scoring compares no strings.
  enum class Algo { gbm, drf, glm };
  enum class Link { identity, logit, log, inverse, tweedie };
  /// What GbmMojoModel.unifyPreds does with the trees' sum, by distribution.
  enum class GbmOutput { binomial, modified_huber, multinomial, regression };

  Algo algo = Algo::gbm;
  // Common
  int n_classes = 1;
  int n_features = 0;
  bool balance_classes = false;
  double threshold = 0.5;
  std::vector<double> prior, model_distrib;
  // Trees (GBM, DRF)
  int tree_groups = 0, trees_per_group = 0;
  std::vector<std::unique_ptr<mojo::CompiledTree>> trees;  // class-major: [class * groups + group]; null = empty tree
  std::vector<std::int32_t> domain_sizes;                   // by column; 0 = numeric
  GbmOutput gbm_output = GbmOutput::regression;
  Link link = Link::identity;
  double init_f = 0;
  bool binomial_double_trees = false;
  // GLM
  bool use_all_factor_levels = false, mean_imputation = false;
  int cats = 0, nums = 0;
  std::vector<int> cat_offsets, cat_modes;
  std::vector<double> num_means, beta;
  double tweedie_link_power = 1;

  /// The link named in model.ini; throws ModelError naming the file for one this runtime lacks.
  static Link parse_link(const std::string& name, const std::string& path) {
    if (name == "identity") return Link::identity;
    if (name == "logit") return Link::logit;
    if (name == "log") return Link::log;
    if (name == "inverse") return Link::inverse;
    if (name == "tweedie") return Link::tweedie;
    throw ModelError(fmt::format("MOJO '{}': link function '{}' is not supported (identity, logit, log, inverse, tweedie are)", path, name));
  }

  double link_inverse(double f) const {
    switch (link) {
      case Link::identity: return f;
      case Link::logit: return 1.0 / (1.0 + std::exp(-f));
      case Link::log: return std::exp(f);
      case Link::inverse: return 1.0 / (f < 0 ? std::min(-1e-5, f) : std::max(1e-5, f));
      case Link::tweedie: return tweedie_link_power == 0 ? std::exp(f) : std::pow(f, 1.0 / tweedie_link_power);
    }
    return f;
  }

  static void need_preds(std::size_t preds_size, std::size_t n) {
    if (preds_size < n)
      throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: predictions array of {} for {} values", preds_size, n));
  }

  void score_trees(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    std::fill(preds, preds + preds_size, 0.0);
    const int class_offset = n_classes == 1 ? 0 : 1;
    for (int c = 0; c < trees_per_group; ++c) {
      need_preds(preds_size, static_cast<std::size_t>(class_offset + c + 1));
      for (int g = 0; g < tree_groups; ++g)
        if (const auto& t = trees[static_cast<std::size_t>(c * tree_groups + g)]) preds[class_offset + c] += t->score(row, row_size);
    }
  }

  /// score_trees for `n` rows at once, tree by tree (each tree stays in cache across the rows).
  void score_trees_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds, std::size_t preds_size) const {
    std::fill(preds, preds + n * preds_size, 0.0);
    const int class_offset = n_classes == 1 ? 0 : 1;
    const bool has_nan = std::any_of(rows, rows + n * row_size, [](double d) { return std::isnan(d); });
    for (int c = 0; c < trees_per_group; ++c)
      for (int g = 0; g < tree_groups; ++g)
        if (const auto& t = trees[static_cast<std::size_t>(c * tree_groups + g)])
          t->add_scores(rows, n, row_size, preds + class_offset + c, preds_size, has_nan);
  }

  void finish_classification(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    if (balance_classes) correct_probabilities(preds);
    preds[0] = prediction(preds, static_cast<std::size_t>(n_classes) + 1, row, row_size);
    (void)preds_size;
  }

  void correct_probabilities(double* preds) const {
    mojo::correct_probabilities(preds, static_cast<std::size_t>(n_classes) + 1, prior, model_distrib);
  }

  double prediction(const double* preds, std::size_t n, const double* row, std::size_t row_size) const {
    return mojo::get_prediction(preds, n, prior, row, row_size, threshold);
  }

  void gbm(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
    score_trees(row, row_size, preds, preds_size);
    gbm_finish(row, row_size, offset, preds, preds_size);
  }

  /// GbmMojoModel.unifyPreds: link function, softmax, class balance, label.
  void gbm_finish(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
    if (gbm_output == GbmOutput::binomial || gbm_output == GbmOutput::modified_huber) {
      need_preds(preds_size, 3);
      double f = preds[1] + init_f + offset;
      preds[2] = gbm_output == GbmOutput::modified_huber ? link_inverse_modified_huber(f) : link_inverse(f);
      preds[1] = 1.0 - preds[2];
    } else if (gbm_output == GbmOutput::multinomial) {
      if (n_classes == 2) {
        preds[1] += init_f + offset;
        preds[2] = -preds[1];
      }
      rescale(preds, static_cast<std::size_t>(n_classes) + 1);
    } else {
      preds[0] = link_inverse(preds[0] + init_f + offset);
      return;
    }
    finish_classification(row, row_size, preds, preds_size);
  }

  static double link_inverse_modified_huber(double f) { return 1.0 / (1.0 + std::exp(-2 * f)); }

  static void rescale(double* preds, std::size_t n) { mojo::gbm_rescale(preds, n); }

  void drf(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    score_trees(row, row_size, preds, preds_size);
    drf_finish(row, row_size, preds, preds_size);
  }

  /// DrfMojoModel.unifyPreds: averages the votes, class balance, label.
  void drf_finish(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    if (n_classes == 1) {
      preds[0] /= tree_groups;
      return;
    }
    need_preds(preds_size, static_cast<std::size_t>(n_classes) + 1);
    if (n_classes == 2 && !binomial_double_trees) {
      preds[1] /= tree_groups;
      preds[2] = 1.0 - preds[1];
    } else {
      double sum = 0;
      for (int c = 1; c <= n_classes; ++c) sum += preds[c];
      if (sum > 0)
        for (int c = 1; c <= n_classes; ++c) preds[c] /= sum;
    }
    finish_classification(row, row_size, preds, preds_size);
  }

  double at(const double* row, std::size_t row_size, std::size_t i) const {
    if (i >= row_size)
      throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: index {} of a row of {}", i, row_size));
    return row[i];
  }

  /// The beta index of categorical column i's value, or -1 when it adds nothing.
  int cat_index(double v, int i) const {
    // GlmMojoModel: `int ival = (int) data[i] - 1; if (ival != data[i] - 1) throw ...`, with Java's
    // saturating (int) cast, so 1e10 is out of range rather than a huge level.
    int base = use_all_factor_levels ? 0 : 1;
    if (!use_all_factor_levels && v == 0) return -1;
    std::int64_t ival = static_cast<std::int64_t>(mojo::java_int(v)) - base;
    if (static_cast<double>(ival) != v - base) throw ScoringError("java.lang.IllegalArgumentException: categorical value out of range");
    ival += cat_offsets[static_cast<std::size_t>(i)];
    return ival < cat_offsets[static_cast<std::size_t>(i) + 1] ? static_cast<int>(ival) : -1;
  }

  void glm(const double* input, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
    thread_local std::vector<double> data;  // imputation writes into the row, as H2O does; no allocation per row
    data.assign(input, input + row_size);
    if (mean_imputation) {
      for (int i = 0; i < cats; ++i)
        if (std::isnan(at(data.data(), row_size, static_cast<std::size_t>(i)))) data[static_cast<std::size_t>(i)] = cat_modes[static_cast<std::size_t>(i)];
      for (int i = 0; i < nums; ++i)
        if (std::isnan(at(data.data(), row_size, static_cast<std::size_t>(i + cats)))) data[static_cast<std::size_t>(i + cats)] = num_means[static_cast<std::size_t>(i)];
    }
    const double* row = data.data();
    if (n_classes > 2) {
      glm_multinomial(row, row_size, preds, preds_size);
      return;
    }
    double eta = 0;
    for (int i = 0; i < cats; ++i) {
      int b = cat_index(at(row, row_size, static_cast<std::size_t>(i)), i);
      if (b >= 0) eta += beta[static_cast<std::size_t>(b)];
    }
    int noff = cat_offsets[static_cast<std::size_t>(cats)] - cats;
    for (int i = cats; i < static_cast<int>(beta.size()) - 1 - noff; ++i)
      eta += beta[static_cast<std::size_t>(noff + i)] * at(row, row_size, static_cast<std::size_t>(i));
    eta += beta.back();
    eta += offset;
    double mu = link_inverse(eta);
    if (n_classes == 2) {
      need_preds(preds_size, 3);
      preds[0] = mu >= threshold ? 1 : 0;
      preds[1] = 1.0 - mu;
      preds[2] = mu;
    } else {
      need_preds(preds_size, 1);
      preds[0] = mu;
    }
  }

  void glm_multinomial(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    need_preds(preds_size, static_cast<std::size_t>(n_classes) + 1);
    const std::size_t p = beta.size() / static_cast<std::size_t>(n_classes);
    const int noff = cat_offsets[static_cast<std::size_t>(cats)];
    preds[0] = 0;
    for (int c = 0; c < n_classes; ++c) {
      double& v = preds[c + 1];
      v = 0;
      for (int i = 0; i < cats; ++i) {
        int b = cat_index(at(row, row_size, static_cast<std::size_t>(i)), i);
        if (b >= 0) v += beta[static_cast<std::size_t>(b) + static_cast<std::size_t>(c) * p];
      }
      for (int i = 0; i < nums; ++i)
        v += beta[static_cast<std::size_t>(i + noff) + static_cast<std::size_t>(c) * p] * at(row, row_size, static_cast<std::size_t>(i + cats));
      v += beta[(p - 1) + static_cast<std::size_t>(c) * p];
    }
    double max_row = 0;
    for (int c = 1; c <= n_classes; ++c) max_row = std::max(max_row, preds[c]);
    double sum = 0;
    for (int c = 1; c <= n_classes; ++c) sum += (preds[c] = std::exp(preds[c] - max_row));
    sum = 1 / sum;
    for (int c = 1; c <= n_classes; ++c) preds[c] *= sum;
    preds[0] = prediction(preds, static_cast<std::size_t>(n_classes) + 1, row, row_size);
  }
};

}  // namespace squall::prediction
