#pragma once
// A native H2O MOJO runtime (no JVM): GBM and DRF (tree MOJO 1.00 to 1.40) and GLM (1.00),
// reproducing h2o-genmodel's GbmMojoModel, DrfMojoModel, GlmMojoModel and
// GlmMultinomialMojoModel to within 1e-9 (tests/mojo_oracle.cpp checks H2O's own fixtures).

#include <memory>
#include <string>
#include <vector>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/compiled_tree.hpp"

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
  /// the link (GBM, binomial GLM). Throws mojo::ScoringError where H2O's runtime throws: a row
  /// too short for a feature read, a bad categorical index, `preds` too short.
  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const;
  /// Length of score0's output, as in H2O: classes + 1, or 2 for regression ([value, 0]).
  std::size_t preds_size() const noexcept { return classes_.empty() ? 2 : classes_.size() + 1; }
  /// Every column of the model (features, then the response), with its domain.
  const std::vector<Feature>& columns() const noexcept { return columns_; }

  struct Impl;

 private:
  std::string algo_;
  std::vector<Feature> features_, columns_;
  std::vector<std::string> classes_;
  double threshold_ = 0.5;
  std::unique_ptr<Impl> impl_;
};

}  // namespace squall::prediction
