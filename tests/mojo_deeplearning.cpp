// Deep Learning MOJOs beyond H2O's fixtures (which are all Rectifier networks without dropout):
// the other activations, dropout scaling, Maxout's channels, response de-standardisation and the
// refusals, on hand-written networks whose scores are worked out here from h2o-genmodel's
// formulas (DeeplearningMojoModel, NeuralNetwork, ActivationUtils).

#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "squall/ml/mojo/mojo_model.hpp"
#include "support/files.hpp"
#include "support/mojo_edit.hpp"

using squall::prediction::ModelError;
using squall::prediction::MojoModel;

namespace {

const std::string kBase = SQUALL_SOURCE_DIR "/tests/data/mojoland/deeplearning/iris/v1.10/deeplearning_v1.10_iris.mojo";

/// A regression network y(x): one numeric input standardised as (x - 1) × 2, a hidden layer of two
/// units, a linear output de-standardised as out / 0.5 + 3.
std::string network(const std::string& activation, const std::string& hidden_weights, const std::string& hidden_biases,
                    const std::string& dropout = "0.0") {
  return "[info]\nalgo = deeplearning\nmojo_version = 1.10\ncategory = Regression\nn_features = 1\nn_classes = 1\n"
         "n_columns = 2\nn_domains = 0\nbalance_classes = false\ndefault_threshold = 0.5\nprior_class_distrib = null\n"
         "model_class_distrib = null\nmini_batch_size = 1\nnums = 1\ncats = 0\ncat_offsets = [0]\nnorm_mul = [2.0]\n"
         "norm_sub = [1.0]\nnorm_resp_mul = [0.5]\nnorm_resp_sub = [3.0]\nuse_all_factor_levels = true\n"
         "activation = " + activation + "\ndistribution = gaussian\nmean_imputation = false\n"
         "neural_network_sizes = [1, 2, 1]\nweight_layer0 = " + hidden_weights + "\nbias_layer0 = " + hidden_biases +
         "\nweight_layer1 = [1.5, 2.0]\nbias_layer1 = [0.25]\nhidden_dropout_ratios = [" + dropout + ", 0.0]\n\n"
         "[columns]\nx\ny\n";
}

double score(const std::string& mojo, double x) {
  MojoModel model(mojo);
  double preds[2] = {0, 0};
  model.score0(&x, 1, preds, 2);
  return preds[0];
}

/// The output layer (1.5 h0 + 2 h1 + 0.25), de-standardised.
double response(double h0, double h1) { return (1.5 * h0 + 2.0 * h1 + 0.25) / 0.5 + 3.0; }

double h2o_tanh(double z) { return 1 - 2 / (1 + std::exp(2 * z)); }

}  // namespace

TEST_CASE("Deep Learning: Tanh, ExpRectifier and dropout scaling at scoring, as H2O computes them") {
  test::TempDir dir;
  const double x = 2, in = (x - 1) * 2;  // 2
  auto mojo = [&](const std::string& activation, const std::string& dropout = "0.0") {
    return test::edited_mojo(dir, kBase, {{"model.ini", network(activation, "[0.5, -1.0]", "[0.1, 0.2]", dropout)}});
  };
  const double z0 = 0.5 * in + 0.1, z1 = -1.0 * in + 0.2;  // 1.1, -1.8
  CHECK(score(mojo("Tanh"), x) == doctest::Approx(response(h2o_tanh(z0), h2o_tanh(z1))).epsilon(1e-12));
  // Only the *WithDropout kinds scale: by 1 - ratio.
  CHECK(score(mojo("Tanh", "0.2"), x) == doctest::Approx(response(h2o_tanh(z0), h2o_tanh(z1))).epsilon(1e-12));
  CHECK(score(mojo("TanhWithDropout", "0.2"), x) ==
        doctest::Approx(response(0.8 * h2o_tanh(z0), 0.8 * h2o_tanh(z1))).epsilon(1e-12));
  CHECK(score(mojo("ExpRectifier"), x) == doctest::Approx(response(z0, std::exp(z1) - 1)).epsilon(1e-12));
  CHECK(score(mojo("RectifierWithDropout", "0.5"), x) == doctest::Approx(response(0.5 * z0, 0)).epsilon(1e-12));
  // A missing value is the training mean: 0 after standardisation.
  CHECK(score(mojo("Tanh"), NAN) == doctest::Approx(response(h2o_tanh(0.1), h2o_tanh(0.2))).epsilon(1e-12));
}

TEST_CASE("Deep Learning: a Maxout layer keeps the larger of each unit's two channels") {
  test::TempDir dir;
  // Weights [unit][input][channel], biases [unit][channel]: unit 0 = max(0.5 x', -0.5 x' + 1),
  // unit 1 = max(x' - 1, 2 x' - 3), x' the standardised input.
  auto mojo = test::edited_mojo(dir, kBase, {{"model.ini", network("Maxout", "[0.5, -0.5, 1.0, 2.0]", "[0.0, 1.0, -1.0, -3.0]")}});
  for (double x : {0.0, 1.25, 2.0, 3.0}) {
    const double in = (x - 1) * 2;
    CAPTURE(x);
    CHECK(score(mojo, x) == doctest::Approx(response(std::max(0.5 * in, -0.5 * in + 1), std::max(in - 1, 2 * in - 3))).epsilon(1e-12));
  }
}

TEST_CASE("Deep Learning: autoencoders, unknown activations and misshapen layers are refused with the reason") {
  test::TempDir dir;
  const std::string good = network("Tanh", "[0.5, -1.0]", "[0.1, 0.2]");
  auto refused = [&](const std::string& ini) {
    try {
      MojoModel model(test::edited_mojo(dir, kBase, {{"model.ini", ini}}));
    } catch (const ModelError& e) {
      return std::string(e.what());
    }
    return std::string("loaded");
  };
  CHECK(score(test::edited_mojo(dir, kBase, {{"model.ini", good}}), 1) > 0);
  CHECK(refused(test::with_ini(good, "category", "AutoEncoder")).find("autoencoder") != std::string::npos);
  CHECK(refused(test::with_ini(good, "activation", "Sigmoid")).find("activation 'Sigmoid' is not supported") != std::string::npos);
  CHECK(refused(test::with_ini(good, "weight_layer0", "[0.5]")).find("layer 0 (1 → 2 units) has 1 weights") != std::string::npos);
  CHECK(refused(test::with_ini(good, "neural_network_sizes", "[1, -2, 1]")).find("not a count or index") != std::string::npos);
  CHECK(refused(test::with_ini(good, "distribution", "multinomial")).find("distribution 'multinomial' is not supported") != std::string::npos);
}
