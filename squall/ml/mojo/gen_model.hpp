#pragma once
// The static helpers of h2o-genmodel's hex.genmodel.GenModel that both a MOJO's scorer and a
// POJO's score0 call, with H2O's semantics (https://github.com/h2oai/h2o-3, h2o-genmodel,
// GenModel.java): the label from probabilities, class-balance correction, GBM's softmax.

#include <cstddef>
#include <vector>

namespace squall::prediction::mojo {

/// GenModel.getPrediction: preds = [label, p_1 .. p_k] (`n` = k + 1 doubles). For two classes,
/// 1 when preds[2] >= `threshold`, else 0; for more, the arg max, ties broken as H2O does (a
/// java.util.Random seeded by a hash of `row`'s `row_size` doubles, weighted by `prior` when
/// given). Returns the zero-based class index. Throws ScoringError if the tie-break fails.
double get_prediction(const double* preds, std::size_t n, const std::vector<double>& prior, const double* row,
                      std::size_t row_size, double threshold);

/// GenModel.correctProbabilities: undoes class balancing, preds[1..n) scaled by prior[c-1] /
/// model_distrib[c-1] and renormalised. `prior` and `model_distrib` hold n - 1 doubles.
void correct_probabilities(double* preds, std::size_t n, const std::vector<double>& prior,
                           const std::vector<double>& model_distrib);

/// GenModel.GBM_rescale: a softmax over preds[1..n), shifted by the maximum.
void gbm_rescale(double* preds, std::size_t n);

}  // namespace squall::prediction::mojo
