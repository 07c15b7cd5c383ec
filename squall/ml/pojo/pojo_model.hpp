#pragma once
// An H2O POJO (the Java source h2o.download_pojo() writes) imported without a JVM: its GBM or DRF
// trees compiled from their nested conditionals, its domains, and its score0 (the trees' sums,
// the init value, the link, getPrediction's threshold) interpreted as written. The Java subset is
// what h2o-genmodel's tree code generators emit (H2O 3.3 onwards: float thresholds, != equality
// splits, Double.isNaN tests, GenModel.bitSetContains level sets); anything else is refused with
// file:line:column and the construct, never guessed.

#include <memory>
#include <string>
#include <vector>

#include "squall/ml/model.hpp"

namespace squall::prediction {

namespace pojo {
class ScoreProgram;
}

class PojoModel final : public Model {
 public:
  /// Imports the POJO at `path`. Throws ModelError "PATH:LINE:COLUMN: what was found" when the
  /// file cannot be read, holds no class extending GenModel, or uses Java that H2O's generated
  /// models do not (a loop, an unknown call, a tree class it names but does not define).
  explicit PojoModel(const std::string& path);
  ~PojoModel() override;

  const std::vector<Feature>& features() const noexcept override { return features_; }
  const std::vector<std::string>& classes() const noexcept override { return classes_; }
  /// getPrediction's threshold in score0 (H2O's max-F1 threshold); 0.5 when score0 has none.
  double default_threshold() const noexcept override { return threshold_; }
  std::string kind() const override { return "h2o-pojo " + algorithm_; }
  void predict(const double* rows, std::size_t n_rows, double* out) const override;

  /// H2O's score0 for one row of features().size() doubles: `preds` (classes().size() + 1 doubles,
  /// or 2 for regression) becomes [label index, one probability per class] or [value, ...], as
  /// the POJO's own score0 leaves it. Throws mojo::ScoringError where Java would raise.
  void score0(const double* row, double* preds) const;
  /// The length score0 writes: classes + 1, or 2 for regression (GenModel.getPredsSize).
  std::size_t preds_size() const noexcept { return classes_.empty() ? 2 : classes_.size() + 1; }

 private:
  std::vector<Feature> features_;
  std::vector<std::string> classes_;
  double threshold_ = 0.5;
  std::string algorithm_;
  std::unique_ptr<pojo::ScoreProgram> program_;
};

}  // namespace squall::prediction
