#include "squall/ml/mojo/algorithm_scorer.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/gen_model.hpp"
#include "squall/ml/mojo/java_int.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

void AlgorithmScorer::score_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds,
                                  std::size_t preds_size) const {
  for (std::size_t r = 0; r < n; ++r) score0(rows + r * row_size, row_size, 0.0, preds + r * preds_size, preds_size);
}

void refuse(const MojoHeader& header, const std::string& why) {
  throw ModelError(fmt::format("MOJO '{}': {}", header.path, why));
}

OneHotLayout read_one_hot_layout(const ModelIni& ini, const MojoHeader& header) {
  OneHotLayout l;
  l.cats = ini.get_int("cats");
  l.nums = ini.get_int("nums");
  l.cat_offsets = ini_ints(ini.get_doubles("cat_offsets"), "cat_offsets", header.path);
  l.use_all_factor_levels = ini.get_bool("use_all_factor_levels", true);
  if (l.cats < 0 || l.nums < 0 || l.cats + l.nums != header.n_features)
    refuse(header, fmt::format("cats = {} and nums = {} are not the {} features", l.cats, l.nums, header.n_features));
  if (l.cat_offsets.size() != static_cast<std::size_t>(l.cats) + 1 || l.cat_offsets[0] != 0 ||
      !std::is_sorted(l.cat_offsets.begin(), l.cat_offsets.end()))
    refuse(header, fmt::format("cat_offsets must hold {} non-decreasing entries from 0", l.cats + 1));
  return l;
}

std::vector<std::int32_t> ini_ints(const std::vector<double>& values, const std::string& key, const std::string& path) {
  std::vector<std::int32_t> out;
  for (double v : values) {
    if (!(v >= 0 && v <= (1 << 30)) || v != static_cast<double>(static_cast<std::int32_t>(v)))
      throw ModelError(fmt::format("MOJO '{}': model.ini {} holds {}, not a count or index", path, key, v));
    out.push_back(static_cast<std::int32_t>(v));
  }
  return out;
}

std::int32_t one_hot_slot(double d, std::int32_t first, std::int32_t end, bool use_all_factor_levels) {
  if (std::isnan(d)) return end - 1;  // the extra level H2O trains for NA
  auto java_add = [](std::int32_t a, std::int32_t b) {  // two's complement wrap-around, as Java's int +
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b));
  };
  const std::int32_t c = java_int(d);
  const std::int32_t slot = use_all_factor_levels ? java_add(c, first) : c != 0 ? java_add(java_add(c, -1), first) : -1;
  return slot >= end ? end - 1 : slot;
}

void need_preds(std::size_t preds_size, std::size_t n) {
  if (preds_size < n)
    throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: predictions array of {} for {} values",
                                   preds_size, n));
}

double row_at(const double* row, std::size_t row_size, std::size_t i) {
  if (i >= row_size)
    throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: index {} of a row of {}", i, row_size));
  return row[i];
}

void finish_classification(const MojoHeader& h, double* preds, const double* row, std::size_t row_size) {
  const auto n = static_cast<std::size_t>(h.n_classes) + 1;
  if (h.balance_classes) correct_probabilities(preds, n, h.prior, h.model_distrib);
  preds[0] = get_prediction(preds, n, h.prior, row, row_size, h.threshold);
}

}  // namespace squall::prediction::mojo
