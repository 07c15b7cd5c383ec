#include "squall/ml/mojo/gen_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "squall/ml/mojo/compiled_tree.hpp"
#include "squall/ml/mojo/java_random.hpp"

namespace squall::prediction::mojo {

double get_prediction(const double* preds, std::size_t n, const std::vector<double>& prior, const double* row,
                      std::size_t row_size, double threshold) {
  if (n == 3) return preds[2] >= threshold ? 1 : 0;
  thread_local std::vector<int> ties;  // reused: no allocation per row
  ties.assign(1, 0);                   // H2O seeds the list with class 0, whatever it scored
  std::size_t best = 1;
  int tie_count = 0;
  for (std::size_t c = 2; c < n; ++c) {
    if (preds[best] < preds[c]) {
      best = c;
      tie_count = 0;
    } else if (preds[best] == preds[c]) {
      ++tie_count;
      ties.push_back(static_cast<int>(c - 1));
    }
  }
  if (tie_count == 0) return static_cast<double>(best - 1);
  std::int64_t hash = 0;
  for (std::size_t i = 0; i < row_size; ++i) {
    std::int64_t bits;
    std::memcpy(&bits, &row[i], 8);
    hash ^= bits >> 6;  // Double.doubleToRawLongBits(d) >> 6
  }
  if (!prior.empty()) {
    double sum = 0;
    for (int i : ties) sum += prior[static_cast<std::size_t>(i)];
    JavaRandom rng(hash);
    const double tie = rng.next_double();
    double partial = 0;
    for (int i : ties) {
      partial += prior[static_cast<std::size_t>(i)] / sum;
      if (tie <= partial) return i;
    }
  }
  const double best_value = preds[best];
  int idx = static_cast<int>(static_cast<std::int32_t>(hash) % (tie_count + 1));
  for (best = 1; best < n; ++best)
    if (best_value == preds[best] && --idx < 0) return static_cast<double>(best - 1);
  throw ScoringError("tie-break failed");
}

void correct_probabilities(double* preds, std::size_t n, const std::vector<double>& prior,
                           const std::vector<double>& model_distrib) {
  double sum = 0;
  for (std::size_t c = 1; c < n; ++c) {
    const double original = prior[c - 1], oversampled = model_distrib[c - 1];
    if (original != 0 && oversampled != 0) preds[c] *= original / oversampled;
    sum += preds[c];
  }
  if (sum > 0)
    for (std::size_t c = 1; c < n; ++c) preds[c] /= sum;
}

void gbm_rescale(double* preds, std::size_t n) {
  double max = -std::numeric_limits<double>::infinity();
  for (std::size_t k = 1; k < n; ++k) max = std::max(max, preds[k]);
  double sum = 0;
  for (std::size_t k = 1; k < n; ++k) sum += (preds[k] = std::exp(preds[k] - max));
  for (std::size_t k = 1; k < n; ++k) preds[k] /= sum;
}

}  // namespace squall::prediction::mojo
