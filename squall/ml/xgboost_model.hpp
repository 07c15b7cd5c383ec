#pragma once
// XGBoost models through libxgboost's C API (Debian's libxgboost-dev 1.7).
//
// XGBoost stores feature names but not what squall needs to map tuples and labels, so a model
// may carry these string attributes (set by examples/h2o_demo/train_model.cpp):
//   squall.classes          "cat,dog"   class labels, in output order (absent: regression)
//   squall.domain.FEATURE   "a,b,c"     the levels of a categorical feature, by index
//   squall.threshold        "0.46"      the two-class threshold on P(second class)

#include "squall/ml/model.hpp"

namespace squall::prediction {

class XGBoostModel : public Model {
 public:
  /// Loads `path` (JSON or UBJSON) with nthread = 1: one scoring thread per bolt task. Throws
  /// ModelError naming the file: unreadable, not an XGBoost model, no feature names.
  explicit XGBoostModel(const std::string& path);
  ~XGBoostModel() override;
  XGBoostModel(const XGBoostModel&) = delete;
  XGBoostModel& operator=(const XGBoostModel&) = delete;

  const std::vector<Feature>& features() const noexcept override { return features_; }
  const std::vector<std::string>& classes() const noexcept override { return classes_; }
  double default_threshold() const noexcept override { return threshold_; }
  std::string kind() const override { return "xgboost"; }
  /// One XGBoosterPredictFromDense call for the whole batch (about 7 µs for one row, 0.2 ms for
  /// 1000 rows on the reference machine: batch when throughput matters).
  void predict(const double* rows, std::size_t n_rows, double* out) const override;

 private:
  void* booster_ = nullptr;  // BoosterHandle
  std::string path_;
  std::vector<Feature> features_;
  std::vector<std::string> classes_;
  double threshold_ = 0.5;
  mutable std::vector<float> buffer_;
};

}  // namespace squall::prediction
