#pragma once
// GBM and DRF: a forest of compiled trees, then GbmMojoModel's or DrfMojoModel's unifyPreds (link,
// softmax, vote averaging, class balance, label), as h2o-genmodel's SharedTreeMojoModel does
// (https://github.com/h2oai/h2o-3, h2o-genmodel, hex.genmodel.algos.{tree,gbm,drf}). Tree MOJO
// versions 1.00, 1.10 and 1.20 to 1.40.

#include <memory>
#include <vector>

#include "squall/ml/mojo/algorithm_scorer.hpp"
#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/ml/mojo/link_function.hpp"

namespace squall::prediction::mojo {

class TreeScorer : public AlgorithmScorer {
 public:
  /// Reads n_trees, n_trees_per_class, the distribution, link and init_f, and compiles every
  /// trees/tCC_GGG.bin. `gbm` false reads a DRF. Throws ModelError naming the file.
  TreeScorer(bool gbm, const MojoArchive& archive, const MojoHeader& header);

  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const override;
  void score_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds,
                   std::size_t preds_size) const override;

 private:
  /// What GbmMojoModel.unifyPreds does with the trees' sum, by distribution.
  enum class GbmOutput { binomial, modified_huber, multinomial, regression };

  void score_trees(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const;
  void finish(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const;
  void gbm_finish(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const;
  void drf_finish(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const;

  MojoHeader header_;
  bool gbm_ = true;
  int tree_groups_ = 0, trees_per_group_ = 0;
  std::vector<std::unique_ptr<CompiledTree>> trees_;  // class-major: [class * groups + group]; null = empty tree
  GbmOutput gbm_output_ = GbmOutput::regression;
  LinkFunction link_;
  double init_f_ = 0;
  bool binomial_double_trees_ = false;
};

}  // namespace squall::prediction::mojo
