#pragma once
// A generated model's score0(double[] data, double[] preds), compiled into steps run per row:
// the statements h2o-genmodel's POJO writers emit (SharedTreePojoWriter, GBM's and DRF's
// toJavaUnifyPreds), and nothing else. Internal to the POJO importer.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "squall/ml/pojo/java_classes.hpp"
#include "squall/ml/pojo/pojo_tree.hpp"

namespace squall::prediction::pojo {

/// The model class's constants that score0 names.
struct ModelConstants {
  std::vector<double> prior;          ///< PRIOR_CLASS_DISTRIB, one per class (empty if absent)
  std::vector<double> model_distrib;  ///< MODEL_CLASS_DISTRIB
};

class ScoreProgram {
 public:
  /// Compiles `model`'s score0 body. Statements understood (the names are score0's parameters):
  /// - `java.util.Arrays.fill(preds, 0);`
  /// - `double[] fdata = hex.genmodel.GenModel.SharedTree_clean(data);` (NaN → -Double.MAX_VALUE)
  /// - `Forest.score0(fdata or data, preds);`, Forest's body `preds[k] += Tree.score0(fdata);`,
  ///   Tree's body `return <tree>;` or `double pred = <tree>; return pred;` (see PojoTree), a
  ///   subtree written as `SubTree.score0(data)` inside it
  /// - `preds[k] = e;` and `+=`, `-=`, `*=`, `/=`, e over numbers, preds[j], + - * /, Math.exp,
  ///   Math.log, Math.min, Math.max, and GenModel.getPrediction(preds, [prior,] data, threshold)
  /// - `hex.genmodel.GenModel.GBM_rescale(preds);`, `...correctProbabilities(preds,
  ///   PRIOR_CLASS_DISTRIB, MODEL_CLASS_DISTRIB);`
  /// - DRF's normalisation `double sum = 0; for(int i=1; i<preds.length; i++) { sum += preds[i]; }
  ///   if (sum>0) for(int i=1; i<preds.length; i++) { preds[i] /= sum; }`
  /// - `return preds;`
  /// Throws SourceError at any other statement, a class or method it names that is missing, an
  /// index of preds at or beyond `preds_size`, a feature at or beyond `features`.
  ScoreProgram(const std::vector<Token>& tokens, const std::map<std::string, JavaClass>& classes, const JavaClass& model,
               int features, int preds_size, ModelConstants constants);
  ~ScoreProgram();

  /// Runs score0 for `row` (`features` doubles) into `preds` (`preds_size` doubles).
  void run(const double* row, double* preds) const;
  /// The threshold getPrediction is called with; 0.5 when score0 does not call it.
  double threshold() const noexcept { return threshold_; }
  /// How many trees score0 adds up.
  std::size_t tree_count() const noexcept { return trees_.size(); }

  struct Value;  // an arithmetic expression over preds (pojo_program.cpp)

 private:
  enum class Kind { fill, clean, add_tree, assign, rescale, correct, normalize };
  struct Step {
    Kind kind = Kind::fill;
    int target = 0;         ///< preds index (add_tree, assign)
    Expr::Op op = Expr::Op::number;  ///< assign: number for '=', add/subtract/multiply/divide for 'op='
    int item = 0;           ///< add_tree: trees_ index; assign: values_ index
    bool cleaned = false;   ///< add_tree: the tree reads the cleaned row
    double fill = 0;        ///< fill: the value
  };

  class Compiler;
  double evaluate(const Value& v, const double* row, const double* preds) const;

  int features_, preds_size_;
  ModelConstants constants_;
  double threshold_ = 0.5;
  std::vector<Step> steps_;
  std::vector<PojoTree> trees_;
  std::vector<std::unique_ptr<Value>> values_;
};

}  // namespace squall::prediction::pojo
