#pragma once
// The baseline of bench_prediction's Deep Learning case: a network scored row by row the way
// h2o-genmodel's DeeplearningMojoModel does it (https://github.com/h2oai/h2o-3, hex.genmodel.
// algos.deeplearning): fresh arrays for every layer of every row, the activation chosen by name
// per layer, the 8-way unrolled sums of NeuralNetwork.formNNInputs. Rectifier hidden layers and a
// softmax output only (the benchmark's model); no label, no de-standardisation.

#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace squall::bench {

class DeeplearningReference {
 public:
  struct Layer {
    std::vector<float> weights;  // out × in
    std::vector<double> biases;
    std::string activation;      // "Rectifier" or "Softmax"
  };
  DeeplearningReference(std::vector<Layer> layers, std::vector<int> cat_offsets, std::vector<double> norm_mul,
                        std::vector<double> norm_sub)
      : layers_(std::move(layers)), cat_offsets_(std::move(cat_offsets)), mul_(std::move(norm_mul)), sub_(std::move(norm_sub)) {}

  /// The output layer's values for `row` (categoricals first, then numerics) into `out`.
  void score(const double* row, double* out) const {
    const std::size_t cats = cat_offsets_.size() - 1, nums = mul_.size();
    auto input = std::make_unique<double[]>(static_cast<std::size_t>(cat_offsets_.back()) + nums);
    std::size_t width = static_cast<std::size_t>(cat_offsets_.back()) + nums;
    std::fill(input.get(), input.get() + width, 0.0);
    for (std::size_t i = 0; i < cats; ++i) {
      int level = std::isnan(row[i]) ? cat_offsets_[i + 1] - 1 : static_cast<int>(row[i]) + cat_offsets_[i];
      if (level >= cat_offsets_[i + 1]) level = cat_offsets_[i + 1] - 1;
      if (level >= 0) input[static_cast<std::size_t>(level)] = 1;
    }
    for (std::size_t i = 0; i < nums; ++i) {
      double d = (row[cats + i] - sub_[i]) * mul_[i];
      input[static_cast<std::size_t>(cat_offsets_.back()) + i] = std::isnan(d) ? 0 : d;
    }
    for (const Layer& l : layers_) {
      const std::size_t rows = l.biases.size(), cols = width;
      auto next = std::make_unique<double[]>(rows);
      const std::size_t extra = cols - cols % 8;
      for (std::size_t r = 0; r < rows; ++r) {
        const float* w = l.weights.data() + r * cols;
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        for (std::size_t c = 0; c < extra; c += 8) {
          p0 += w[c] * input[c];
          p1 += w[c + 1] * input[c + 1];
          p2 += w[c + 2] * input[c + 2];
          p3 += w[c + 3] * input[c + 3];
          p4 += w[c + 4] * input[c + 4];
          p5 += w[c + 5] * input[c + 5];
          p6 += w[c + 6] * input[c + 6];
          p7 += w[c + 7] * input[c + 7];
        }
        double sum = p0 + p1 + p2 + p3;
        sum += p4 + p5 + p6 + p7;
        for (std::size_t c = extra; c < cols; ++c) sum += w[c] * input[c];
        next[r] = sum + l.biases[r];
      }
      if (l.activation == "Rectifier") {
        for (std::size_t r = 0; r < rows; ++r) next[r] = 0.5 * (next[r] + std::abs(next[r]));
      } else {
        double max = next[0], scale = 0;
        for (std::size_t r = 0; r < rows; ++r) max = std::max(max, next[r]);
        for (std::size_t r = 0; r < rows; ++r) scale += (next[r] = std::exp(next[r] - max));
        for (std::size_t r = 0; r < rows; ++r) next[r] /= scale;
      }
      input = std::move(next);
      width = rows;
    }
    std::copy(input.get(), input.get() + width, out);
  }

 private:
  std::vector<Layer> layers_;
  std::vector<int> cat_offsets_;
  std::vector<double> mul_, sub_;
};

}  // namespace squall::bench
