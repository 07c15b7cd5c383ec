#include "squall/ml/mojo/tree_scorer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/model.hpp"
#include "squall/ml/mojo/gen_model.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

TreeScorer::TreeScorer(bool gbm, const MojoArchive& archive, const MojoHeader& header) : header_(header), gbm_(gbm) {
  const ModelIni& ini = archive.ini();
  const int version = header.version;
  const std::string& path = header.path;
  if (version != 100 && version != 110 && (version < 120 || version > 140))
    throw ModelError(fmt::format("MOJO '{}': tree MOJO version {} is not supported (1.00, 1.10 and 1.20 to 1.40 are)",
                                 path, ini.get("mojo_version")));
  const auto encoding = version == 100 ? TreeEncoding::v1_00 : version == 110 ? TreeEncoding::v1_10 : TreeEncoding::v1_20;
  tree_groups_ = ini.get_int("n_trees");
  trees_per_group_ = ini.get_int("n_trees_per_class");
  if (tree_groups_ < 0 || trees_per_group_ < 0 || trees_per_group_ > header.n_classes + 1 ||
      static_cast<std::size_t>(tree_groups_) * static_cast<std::size_t>(trees_per_group_) > limits::kModelTrees)
    throw ModelError(fmt::format("MOJO '{}': model.ini n_trees = {} and n_trees_per_class = {} are out of range", path,
                                 tree_groups_, trees_per_group_));
  const std::string d = ini.get("distribution", "");
  gbm_output_ = d == "bernoulli" || d == "quasibinomial" ? GbmOutput::binomial
                : d == "modified_huber"                 ? GbmOutput::modified_huber
                : d == "multinomial"                    ? GbmOutput::multinomial
                                                        : GbmOutput::regression;
  init_f_ = ini.get_double("init_f", 0);
  binomial_double_trees_ = ini.get_bool("binomial_double_trees", false);
  const std::string link = ini.get("link_function", d == "bernoulli" || d == "quasibinomial" ? "logit"
                                    : (d == "poisson" || d == "gamma" || d == "tweedie" || d == "multinomial") ? "log"
                                                                                                              : "identity");
  double tweedie_power = ini.get_double("tweedie_link_power", 1);
  if (link == "tweedie" && d == "tweedie" && !ini.info.contains("tweedie_link_power")) tweedie_power = 0;
  // DRF averages votes; modified_huber has its own inverse link; a softmax needs none.
  if (gbm_ && gbm_output_ != GbmOutput::modified_huber && gbm_output_ != GbmOutput::multinomial)
    link_ = LinkFunction::parse(link, tweedie_power, path);
  for (int c = 0; c < trees_per_group_; ++c)
    for (int g = 0; g < tree_groups_; ++g) {
      std::string name = tree_entry(c, g);
      try {
        trees_.push_back(archive.contains(name) ? std::make_unique<CompiledTree>(archive.read(name), header.domain_sizes, encoding)
                                                : nullptr);
      } catch (const std::runtime_error& e) {
        throw ModelError(fmt::format("MOJO '{}': {}: {}", path, name, e.what()));
      }
    }
}

void TreeScorer::score_trees(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
  std::fill(preds, preds + preds_size, 0.0);
  const int class_offset = header_.n_classes == 1 ? 0 : 1;
  for (int c = 0; c < trees_per_group_; ++c) {
    need_preds(preds_size, static_cast<std::size_t>(class_offset + c + 1));
    for (int g = 0; g < tree_groups_; ++g)
      if (const auto& t = trees_[static_cast<std::size_t>(c * tree_groups_ + g)]) preds[class_offset + c] += t->score(row, row_size);
  }
}

void TreeScorer::score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  score_trees(row, row_size, preds, preds_size);
  finish(row, row_size, offset, preds, preds_size);
}

void TreeScorer::score_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds,
                             std::size_t preds_size) const {
  // Tree by tree over all rows: each tree stays in cache while the rows walk it.
  std::fill(preds, preds + n * preds_size, 0.0);
  const int class_offset = header_.n_classes == 1 ? 0 : 1;
  const bool has_nan = std::any_of(rows, rows + n * row_size, [](double d) { return std::isnan(d); });
  for (int c = 0; c < trees_per_group_; ++c)
    for (int g = 0; g < tree_groups_; ++g)
      if (const auto& t = trees_[static_cast<std::size_t>(c * tree_groups_ + g)])
        t->add_scores(rows, n, row_size, preds + class_offset + c, preds_size, has_nan);
  for (std::size_t r = 0; r < n; ++r) finish(rows + r * row_size, row_size, 0.0, preds + r * preds_size, preds_size);
}

void TreeScorer::finish(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  if (gbm_) gbm_finish(row, row_size, offset, preds, preds_size);
  else drf_finish(row, row_size, preds, preds_size);
}

void TreeScorer::gbm_finish(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  if (gbm_output_ == GbmOutput::binomial || gbm_output_ == GbmOutput::modified_huber) {
    need_preds(preds_size, 3);
    double f = preds[1] + init_f_ + offset;
    preds[2] = gbm_output_ == GbmOutput::modified_huber ? 1.0 / (1.0 + std::exp(-2 * f)) : link_.inverse(f);
    preds[1] = 1.0 - preds[2];
  } else if (gbm_output_ == GbmOutput::multinomial) {
    if (header_.n_classes == 2) {
      preds[1] += init_f_ + offset;
      preds[2] = -preds[1];
    }
    gbm_rescale(preds, static_cast<std::size_t>(header_.n_classes) + 1);
  } else {
    preds[0] = link_.inverse(preds[0] + init_f_ + offset);
    return;
  }
  finish_classification(header_, preds, row, row_size);
}

void TreeScorer::drf_finish(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
  const int k = header_.n_classes;
  if (k == 1) {
    preds[0] /= tree_groups_;
    return;
  }
  need_preds(preds_size, static_cast<std::size_t>(k) + 1);
  if (k == 2 && !binomial_double_trees_) {
    preds[1] /= tree_groups_;
    preds[2] = 1.0 - preds[1];
  } else {
    double sum = 0;
    for (int c = 1; c <= k; ++c) sum += preds[c];
    if (sum > 0)
      for (int c = 1; c <= k; ++c) preds[c] /= sum;
  }
  finish_classification(header_, preds, row, row_size);
}

}  // namespace squall::prediction::mojo
