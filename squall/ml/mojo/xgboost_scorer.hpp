#pragma once
// XGBoost MOJO 1.00 and 1.10 (gbtree, dart, gblinear), scored as H2O's XGBoostJavaMojoModel does
// (https://github.com/h2oai/h2o-3, h2o-genmodel-extensions/xgboost): the row one-hot encoded into
// XGBoost's feature vector (categoricals first, each level a 1 or, "not hot", 0 or missing in a
// sparse model; a numeric 0 is missing in a sparse model; NA a level of its own), the booster's
// float prediction, then H2O's toPreds: [label, 1 - p, p] for two classes, the class
// probabilities for more, the value for regression.

#include "squall/ml/mojo/algorithm_scorer.hpp"
#include "squall/ml/mojo/xgboost_booster.hpp"

namespace squall::prediction::mojo {

class XgboostScorer : public AlgorithmScorer {
 public:
  /// Reads cats, nums, cat_offsets, sparse, use_all_factor_levels and boosterBytes. Throws
  /// ModelError naming the file for an offset column, a booster that reads features the one-hot
  /// layout lacks, or a malformed booster.
  XgboostScorer(const MojoArchive& archive, const MojoHeader& header);

  /// H2O's score0; an offset other than 0 raises UnsupportedOperationException, as in H2O.
  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const override;
  void score_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds,
                   std::size_t preds_size) const override;

 private:
  /// OneHotEncoderFactory.fromArray: `row` as the booster's feature vector (width_ floats).
  void encode(const double* row, std::size_t row_size, float* features) const;
  /// XGBoostJavaMojoModel.toPreds.
  void to_preds(const float* out, double* preds, std::size_t preds_size, const double* row, std::size_t row_size) const;
  /// MOJO 1.00's compatibility rule for a row of the wrong length: a longer one raises, a shorter
  /// one is padded with zeros. Returns the row to score (`padded` when padded).
  const double* fit_row(const double* row, std::size_t& row_size, std::vector<double>& padded) const;

  MojoHeader header_;
  OneHotLayout layout_;
  std::vector<std::int32_t> cat_of_level_;  // the column of each one-hot slot
  bool sparse_ = false;
  /// H2O's runtime scores MOJO 1.00 dart and gblinear models by 1.00's rules (a short row padded
  /// with zeros, a long one refused, a level hot when any column holds it) and gbtree ones as 1.10
  /// models; its own fixtures show both, to the bit.
  bool compatible_1_00_ = false;
  std::size_t width_ = 0;  // one-hot slots + numeric columns
  XgboostBooster booster_;
};

}  // namespace squall::prediction::mojo
