#pragma once
// A native H2O MOJO runtime (no JVM): GBM and DRF (tree MOJO 1.00 to 1.40), GLM (1.00), Deep
// Learning (1.00, 1.10), XGBoost (1.00, 1.10: gbtree, dart, gblinear) and RuleFit (1.00),
// reproducing h2o-genmodel's MojoModel of each algorithm to within 1e-9 (tests/mojo_oracle.cpp
// checks every model of H2O's own compatibility corpus). One AlgorithmScorer per algorithm.

#include <memory>
#include <string>
#include <vector>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/algorithm_scorer.hpp"
#include "squall/ml/mojo/scoring_error.hpp"

namespace squall::prediction {

class MojoModel : public Model {
 public:
  /// Loads and compiles the MOJO at `path`. Throws ModelError naming the file: not a zip, no
  /// model.ini, an algorithm or MOJO version this runtime does not read, a malformed tree.
  explicit MojoModel(const std::string& path);
  ~MojoModel() override;

  const std::vector<Feature>& features() const noexcept override { return features_; }
  const std::vector<std::string>& classes() const noexcept override { return classes_; }
  double default_threshold() const noexcept override { return threshold_; }
  std::string kind() const override { return "h2o-mojo " + algo_; }
  void predict(const double* rows, std::size_t n_rows, double* out) const override;

  /// H2O's score0: `preds` gets [label, p0, p1, ...] for a classifier or [value, 0] for regression.
  /// `row` holds the model's columns in [columns] order (features first), `offset` is added to
  /// the link (GBM, binomial GLM); XGBoost raises for a non-zero offset, RuleFit for any (as H2O
  /// does), Deep Learning ignores it.
  /// Throws mojo::ScoringError where H2O's runtime throws: a row too short (or, for some
  /// algorithms, too long) for the model, a bad categorical index, `preds` too short.
  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const;
  /// H2O's score0 without an offset (score0(row, preds)); the same errors.
  void score0(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const;
  /// Length of score0's output, as in H2O: classes + 1, or 2 for regression ([value, 0]).
  std::size_t preds_size() const noexcept { return classes_.empty() ? 2 : classes_.size() + 1; }
  /// Every column of the model (features, then the response), with its domain.
  const std::vector<Feature>& columns() const noexcept { return columns_; }

 private:
  std::string algo_;
  std::vector<Feature> features_, columns_;
  std::vector<std::string> classes_;
  double threshold_ = 0.5;
  std::unique_ptr<mojo::AlgorithmScorer> scorer_;
};

}  // namespace squall::prediction
