#pragma once
// RuleFit MOJO 1.00: each rule (a conjunction of conditions on the row, one per tree node of a
// rule-generating forest) that fires names a level of its tree's column; those columns (and, for
// RULES_AND_LINEAR models, the row itself) feed the embedded GLM, whose score0 is the answer.
// Follows h2o-genmodel's RuleFitMojoModel, MojoRuleEnsemble, MojoRule and MojoCondition
// (https://github.com/h2oai/h2o-3, hex.genmodel.algos.rulefit), raising where they raise: a rule
// whose column the linear model dropped, a row too short for a condition.

#include <memory>
#include <string>
#include <vector>

#include "squall/ml/mojo/algorithm_scorer.hpp"

namespace squall::prediction::mojo {

class RuleFitScorer : public AlgorithmScorer {
 public:
  /// Reads the rule ensemble, the linear names and the linear model (a sub-MOJO under
  /// models/<algo>/<key>/). Throws ModelError naming the file when they are malformed.
  RuleFitScorer(const MojoArchive& archive, const MojoHeader& header);
  ~RuleFitScorer() override;

  /// H2O's score0; the offset is ignored (takes_offset() is false: MojoModel refuses one, as H2O does).
  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const override;
  bool takes_offset() const noexcept override { return false; }

 private:
  struct Condition {
    std::size_t feature = 0;
    bool categorical = false;
    enum class Op { less, greater_equal, in } op = Op::less;
    double threshold = 0;
    std::vector<double> levels;  // categorical: the levels that satisfy it
    bool nas_included = false;
    bool holds(double x) const;
  };
  struct Rule {
    std::vector<Condition> conditions;
    /// The level its firing gives its tree's linear-model column: an index, or -1 (none).
    int value = -1;
    /// Why firing raises, as H2O's lookup of the rule's column raises; empty when it does not.
    std::string error;
    bool fires(const double* row, std::size_t row_size) const;
  };
  /// The rules of one (depth, tree, class) slot, in model order, valued for the slot's class;
  /// `missing` when no rule names the class (H2O raises NullPointerException scoring it).
  struct Slot {
    std::vector<Rule> rules;
    bool missing = false;
  };
  enum class Type { linear, rules_and_linear, rules };

  MojoHeader header_;
  Type type_ = Type::rules_and_linear;
  std::vector<Slot> slots_;                // depth × trees (× classes when multinomial), H2O's order
  /// RuleFitMojoModel.map: test value i goes to linear-model input target_of_[i] (-1: H2O raises,
  /// the linear model lacks linear name i), for i below the linear model's feature count.
  std::vector<std::ptrdiff_t> target_of_;
  std::vector<std::string> linear_names_;
  bool has_weights_ = false;               // the model names a weights column
  std::ptrdiff_t weights_at_ = -1;         // its place in the test values, or -1 (H2O raises)
  std::size_t linear_features_ = 0;
  std::unique_ptr<AlgorithmScorer> linear_;
};

}  // namespace squall::prediction::mojo
