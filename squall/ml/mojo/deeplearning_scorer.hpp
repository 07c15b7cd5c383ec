#pragma once
// Deep Learning MOJO 1.00 and 1.10: standardised numeric inputs and one-hot categoricals (an extra
// level for NA), a feed-forward network of Tanh, Rectifier, ExpRectifier or Maxout layers (with
// their dropout ratios scaling the activations at scoring), a Softmax or Linear output, then the
// response de-standardised or the label chosen. Follows h2o-genmodel's DeeplearningMojoModel,
// NeuralNetwork, ActivationUtils and GenModel.setInput (https://github.com/h2oai/h2o-3,
// hex.genmodel.algos.deeplearning), down to the order of its sums (NeuralNetwork.formNNInputs
// mirrors H2O's 8-way unrolled gemv), so that scores agree to the last bits.

#include <vector>

#include "squall/ml/mojo/algorithm_scorer.hpp"

namespace squall::prediction::mojo {

class DeeplearningScorer : public AlgorithmScorer {
 public:
  /// Reads the layer sizes, activation, weights (as floats, as H2O keeps them), biases, dropout
  /// ratios and standardisation. Throws ModelError naming the file for an autoencoder, an
  /// activation or distribution H2O's MOJO runtime lacks, or layer shapes that do not fit.
  DeeplearningScorer(const MojoArchive& archive, const MojoHeader& header);

  /// H2O's score0. The offset is not used (as in H2O). Numeric values missing at the end of a
  /// short row count as 0 after standardisation (the training mean), as H2O's runtime answers; a
  /// longer row raises ArrayIndexOutOfBoundsException, as in H2O.
  void score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const override;

 private:
  enum class Activation { linear, softmax, tanh, rectifier, exp_rectifier, maxout };
  struct Layer {
    Activation activation = Activation::linear;
    double dropout = 0;       // the activations are scaled by 1 - dropout (the *WithDropout kinds)
    std::size_t in = 0, out = 0, max_k = 1;
    std::vector<float> weights;  // out × in (× max_k for Maxout), row-major by output unit
    std::vector<double> biases;  // out (× max_k)
  };

  /// GenModel.setCats + setInput into `input` (units[0] doubles).
  void set_input(const double* row, std::size_t row_size, double* input) const;
  /// The network's output for `input` (units[0] doubles); returns a pointer into `a` or `b`.
  const double* forward(std::vector<double>& a, std::vector<double>& b) const;
  void modify_outputs(const double* out, double* preds, std::size_t preds_size, const double* row, std::size_t row_size) const;

  MojoHeader header_;
  OneHotLayout layout_;
  std::vector<double> norm_mul_, norm_sub_;
  bool response_normalised_ = false;
  double norm_resp_mul_ = 1, norm_resp_sub_ = 0;
  bool log_link_ = false;  // regression: poisson, gamma, tweedie answer e^f
  std::size_t input_size_ = 0;
  std::vector<Layer> layers_;
};

}  // namespace squall::prediction::mojo
