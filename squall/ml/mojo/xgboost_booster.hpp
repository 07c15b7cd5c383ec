#pragma once
// An XGBoost model in XGBoost's legacy binary format (the "boosterBytes" of an H2O XGBoost MOJO),
// scored as H2O's pure-Java runtime scores it: xgboost-predictor (https://github.com/h2oai/
// xgboost-predictor; Predictor, GBTree, Dart, GBLinear, RegTreeImpl, ObjFunction) computes in
// 32-bit floats, tree sums and base score included, and so does this, so that H2O's expected
// scores are met to the bit. Its own walker rather than libxgboost's predict: libxgboost sums in
// float too but starts from the base score (H2O's runtime adds it last), so its scores differ in
// the last bits, and H2O's scores are the contract (bench/prediction.cpp measures both).

#include <cstdint>
#include <string>
#include <vector>

namespace squall::prediction::mojo {

class XgboostBooster {
 public:
  /// Parses `bytes`: learner parameters, objective, booster (gbtree, dart or gblinear) and its
  /// trees or weights. Throws std::runtime_error on a truncated or inconsistent model, an
  /// objective or booster xgboost-predictor does not score, or a multi-root or vector-leaf tree.
  /// `linear_base_first`: a gblinear sum starts from base score + bias (as H2O's runtime scores
  /// MOJO 1.00 gblinear models) rather than adding the base score last; in float the order shows.
  explicit XgboostBooster(const std::vector<std::uint8_t>& bytes, bool linear_base_first = false);

  /// Predictor.predict: the transformed outputs (out_size() floats) for feature vector
  /// `features` (NaN = missing), which must hold at least features_read() values.
  void predict(const float* features, float* out) const;
  /// predict's per-group margins for `n` rows `stride` floats apart, tree by tree over the rows
  /// (each tree stays in cache), then the objective's transform: out is n × out_size().
  void predict_batch(const float* features, std::size_t n, std::size_t stride, float* out) const;

  std::size_t out_size() const noexcept { return groups_; }
  /// One more than the largest feature index any split or weight reads.
  std::size_t features_read() const noexcept { return features_read_; }
  const std::string& objective() const noexcept { return objective_; }
  const std::string& booster() const noexcept { return booster_; }

 private:
  struct Node {
    float split = 0;           // go left when x < split; a leaf's value
    std::int32_t left = -1;    // -1 for a leaf
    std::int32_t right = -1;
    std::int32_t missing = -1;  // the default child for NaN
    std::uint32_t feature = 0;
  };
  struct Tree {
    std::vector<Node> nodes;
    float weight = 1;  // dart's weight_drop
    float leaf(const float* f) const;
  };
  enum class Transform { none, logistic, softmax, exp };

  void transform(float* out) const;

  std::string objective_, booster_;
  float base_score_ = 0;
  std::size_t groups_ = 1;
  std::size_t features_read_ = 0;
  Transform transform_ = Transform::none;
  std::vector<std::vector<Tree>> trees_;  // by output group, in model order
  std::vector<float> linear_weights_;     // gblinear: feature-major, groups per feature, then the biases
  std::size_t linear_features_ = 0;
  bool linear_base_first_ = false;
};

}  // namespace squall::prediction::mojo
