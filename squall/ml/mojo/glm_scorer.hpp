#pragma once
// GLM MOJO 1.00: the linear predictor over one-hot categoricals and numeric columns, then the
// link (binomial, regression) or a softmax (multinomial), as h2o-genmodel's GlmMojoModel and
// GlmMultinomialMojoModel do (https://github.com/h2oai/h2o-3, hex.genmodel.algos.glm).

#include <vector>

#include "squall/ml/mojo/algorithm_scorer.hpp"
#include "squall/ml/mojo/link_function.hpp"

namespace squall::prediction::mojo {

class GlmScorer : public AlgorithmScorer {
 public:
  /// Reads cats, nums, cat_offsets, beta, the family's link and mean imputation. Throws
  /// ModelError naming the file when beta's length does not fit the columns.
  GlmScorer(const MojoArchive& archive, const MojoHeader& header);

  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const override;

 private:
  /// The beta index of categorical column i's value, or -1 when it adds nothing.
  int cat_index(double v, int i) const;
  void multinomial(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const;

  MojoHeader header_;
  LinkFunction link_;
  bool use_all_factor_levels_ = false, mean_imputation_ = false;
  int cats_ = 0, nums_ = 0;
  std::vector<std::int32_t> cat_offsets_, cat_modes_;
  std::vector<double> num_means_, beta_;
};

}  // namespace squall::prediction::mojo
