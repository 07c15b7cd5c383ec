#include "squall/ml/mojo/deeplearning_scorer.hpp"

#include <cmath>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/model.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

DeeplearningScorer::DeeplearningScorer(const MojoArchive& archive, const MojoHeader& header) : header_(header) {
  const ModelIni& ini = archive.ini();
  const std::string& path = header.path;
  auto refuse = [&](const std::string& why) { mojo::refuse(header, why); };
  if (header.version != 100 && header.version != 110)
    refuse(fmt::format("Deep Learning MOJO version {} is not supported (1.00 and 1.10 are)", ini.get("mojo_version")));
  if (ini.get("category", "") == "AutoEncoder")
    refuse("an autoencoder reconstructs its input rather than predicting a response; squall scores predictors only");
  layout_ = read_one_hot_layout(ini, header);
  const int nums = layout_.nums;
  norm_mul_ = ini.get_doubles("norm_mul");
  norm_sub_ = ini.get_doubles("norm_sub");
  const auto resp_mul = ini.get_doubles("norm_resp_mul"), resp_sub = ini.get_doubles("norm_resp_sub");
  if (!norm_mul_.empty() && (norm_mul_.size() != static_cast<std::size_t>(nums) || norm_sub_.size() != norm_mul_.size()))
    refuse(fmt::format("norm_mul and norm_sub must hold one entry per numeric column ({})", nums));
  if (!resp_mul.empty()) {
    if (resp_mul.size() != 1 || resp_sub.size() != 1) refuse("norm_resp_mul and norm_resp_sub must hold one entry each");
    response_normalised_ = true;
    norm_resp_mul_ = resp_mul[0];
    norm_resp_sub_ = resp_sub[0];
  }
  const std::string distribution = ini.get("distribution");
  if (header.n_classes == 1) {
    if (distribution == "poisson" || distribution == "gamma" || distribution == "tweedie") log_link_ = true;
    else if (distribution != "gaussian" && distribution != "huber" && distribution != "laplace" && distribution != "quantile")
      refuse(fmt::format("distribution '{}' is not supported for Deep Learning regression (gaussian, huber, laplace, "
                         "quantile, poisson, gamma and tweedie are)", distribution));
  }
  const auto units = ini_ints(ini.get_doubles("neural_network_sizes"), "neural_network_sizes", path);
  const auto dropout = ini.get_doubles("hidden_dropout_ratios");
  if (units.size() < 2) refuse("neural_network_sizes needs an input and an output layer");
  for (auto u : units)
    if (u < 1 || u > 1'000'000) refuse(fmt::format("a layer of {} units", u));
  input_size_ = static_cast<std::size_t>(units[0]);
  if (input_size_ != static_cast<std::size_t>(layout_.cat_offsets.back()) + static_cast<std::size_t>(nums))
    refuse(fmt::format("the input layer has {} units; the one-hot categoricals and numeric columns need {}", input_size_,
                       layout_.cat_offsets.back() + nums));
  if (static_cast<std::size_t>(units.back()) != static_cast<std::size_t>(header.n_classes))
    refuse(fmt::format("the output layer has {} units for {} classes", units.back(), header.n_classes));
  if (dropout.size() < units.size() - 1) refuse("hidden_dropout_ratios needs one ratio per layer");
  const std::string activation = ini.get("activation");
  const bool with_dropout = activation.ends_with("WithDropout");
  const std::string base = with_dropout ? activation.substr(0, activation.size() - 11) : activation;
  const Activation hidden = base == "Tanh" ? Activation::tanh : base == "Rectifier" ? Activation::rectifier
                            : base == "ExpRectifier" ? Activation::exp_rectifier : base == "Maxout" ? Activation::maxout
                                                                                                    : Activation::linear;
  if (hidden == Activation::linear)
    refuse(fmt::format("activation '{}' is not supported (Tanh, Rectifier, ExpRectifier, Maxout and their WithDropout "
                       "kinds are)", activation));
  std::size_t parameters = 0;
  for (std::size_t l = 0; l + 1 < units.size(); ++l) {
    Layer layer;
    const bool output = l + 2 == units.size();
    layer.activation = output ? (header.n_classes > 1 ? Activation::softmax : Activation::linear) : hidden;
    layer.dropout = !output && with_dropout ? dropout[l] : 0;
    if (!(dropout[l] >= 0 && dropout[l] < 1)) refuse(fmt::format("dropout ratio {} of layer {} is outside [0, 1)", dropout[l], l));
    layer.in = static_cast<std::size_t>(units[l]);
    layer.out = static_cast<std::size_t>(units[l + 1]);
    const auto w = ini.get_doubles(fmt::format("weight_layer{}", l));
    layer.biases = ini.get_doubles(fmt::format("bias_layer{}", l));
    if (layer.activation == Activation::maxout) layer.max_k = layer.biases.size() / layer.out;
    if (layer.max_k < 1 || layer.biases.size() != layer.out * layer.max_k || w.size() != layer.in * layer.out * layer.max_k)
      refuse(fmt::format("layer {} ({} → {} units) has {} weights and {} biases", l, layer.in, layer.out, w.size(),
                         layer.biases.size()));
    layer.weights.assign(w.begin(), w.end());  // H2O keeps the weights as floats (convertDouble2Float)
    parameters += w.size();
    if (parameters > limits::kModelTrees * 1024) refuse("the network has too many weights");
    layers_.push_back(std::move(layer));
  }
}

void DeeplearningScorer::set_input(const double* row, std::size_t row_size, double* input) const {
  const auto cats = static_cast<std::size_t>(layout_.cats);
  const auto& offsets = layout_.cat_offsets;
  thread_local std::vector<std::int32_t> hot;
  thread_local std::vector<double> nums;
  hot.resize(cats);
  nums.assign(static_cast<std::size_t>(layout_.nums), 0.0);
  for (std::size_t i = 0; i < cats; ++i)
    hot[i] = one_hot_slot(row_at(row, row_size, i), offsets[i], offsets[i + 1], layout_.use_all_factor_levels);
  for (std::size_t i = cats; i < row_size; ++i) {  // a short row leaves the rest 0
    const std::size_t k = i - cats;
    if (k >= nums.size())
      throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: index {} of {} numeric columns", k, nums.size()));
    nums[k] = norm_mul_.empty() ? row[i] : (row[i] - norm_sub_[k]) * norm_mul_[k];
  }
  std::fill(input, input + input_size_, 0.0);
  for (std::int32_t level : hot)
    if (level >= 0) input[level] = 1;
  const auto first_num = static_cast<std::size_t>(offsets.back());
  for (std::size_t i = 0; i < nums.size(); ++i) input[first_num + i] = std::isnan(nums[i]) ? 0 : nums[i];
}

const double* DeeplearningScorer::forward(std::vector<double>& a, std::vector<double>& b) const {
  for (const Layer& layer : layers_) {
    const std::size_t cols = layer.in, k = layer.max_k;
    b.assign(layer.out * k, 0.0);
    const float* w = layer.weights.data();
    if (k == 1) {
      // NeuralNetwork.formNNInputs: eight partial sums over the first cols - cols % 8 inputs, the
      // rest one by one, then the bias, in H2O's order.
      const std::size_t whole = cols - cols % 8;
      for (std::size_t r = 0; r < layer.out; ++r, w += cols) {
        double p[8] = {0, 0, 0, 0, 0, 0, 0, 0};
        for (std::size_t c = 0; c < whole; c += 8)
          for (std::size_t j = 0; j < 8; ++j) p[j] += static_cast<double>(w[c + j]) * a[c + j];
        double sum = 0;
        sum += p[0] + p[1] + p[2] + p[3];
        sum += p[4] + p[5] + p[6] + p[7];
        for (std::size_t c = whole; c < cols; ++c) sum += static_cast<double>(w[c]) * a[c];
        b[r] = sum + layer.biases[r];
      }
    } else {
      for (std::size_t j = 0; j < k; ++j)  // formNNInputsMaxOut
        for (std::size_t r = 0; r < layer.out; ++r) {
          const std::size_t at = k * r + j;
          double sum = 0;
          for (std::size_t c = 0; c < cols; ++c) sum += a[c] * static_cast<double>(w[k * (r * cols + c) + j]);
          b[at] = sum + layer.biases[at];
        }
    }
    switch (layer.activation) {
      case Activation::linear: break;
      case Activation::softmax: {
        double max = b[0], scaling = 0;
        for (double v : b) max = max < v ? v : max;
        for (double& v : b) scaling += (v = std::exp(v - max));
        for (double& v : b) v /= scaling;
        break;
      }
      case Activation::tanh:
        for (double& v : b) v = 1 - 2 / (1 + std::exp(2 * v));
        break;
      case Activation::rectifier:
        for (double& v : b) v = 0.5 * (v + std::abs(v));
        break;
      case Activation::exp_rectifier:
        for (double& v : b) v = v >= 0 ? v : std::exp(v) - 1;
        break;
      case Activation::maxout:
        for (std::size_t r = 0; r < layer.out; ++r) {
          std::size_t at = r * k;  // MaxoutOut: the index advances by 0, 1, 2, ... as H2O's loop does
          double best = b[at];
          for (std::size_t j = 0; j < k; ++j) {
            at += j;
            best = best > b[at] ? best : b[at];
          }
          b[r] = best;
        }
        b.resize(layer.out);
        break;
    }
    if (layer.dropout > 0)
      for (double& v : b) v *= 1 - layer.dropout;
    a.swap(b);
  }
  return a.data();
}

void DeeplearningScorer::modify_outputs(const double* out, double* preds, std::size_t preds_size, const double* row,
                                        std::size_t row_size) const {
  const int k = header_.n_classes;
  if (k > 1) {
    // H2O's own runs assert preds.length == out.length + 1 (the fixtures were made with -ea).
    if (preds_size != static_cast<std::size_t>(k) + 1) throw ScoringError("java.lang.AssertionError: predictions array size");
    for (int i = 0; i < k; ++i) {
      preds[i + 1] = out[i];
      if (std::isnan(out[i])) throw ScoringError("java.lang.RuntimeException: Predicted class probability NaN!");
    }
    finish_classification(header_, preds, row, row_size);
    return;
  }
  need_preds(preds_size, 1);
  double v = response_normalised_ ? out[0] / norm_resp_mul_ + norm_resp_sub_ : out[0];
  preds[0] = log_link_ ? std::exp(v) : v;
  if (std::isnan(preds[0])) throw ScoringError("java.lang.RuntimeException: Predicted regression target NaN!");
}

void DeeplearningScorer::score0(const double* row, std::size_t row_size, double, double* preds, std::size_t preds_size) const {
  thread_local std::vector<double> a, b;
  a.resize(input_size_);
  set_input(row, row_size, a.data());
  modify_outputs(forward(a, b), preds, preds_size, row, row_size);
}

}  // namespace squall::prediction::mojo
