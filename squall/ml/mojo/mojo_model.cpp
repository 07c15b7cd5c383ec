#include "squall/ml/mojo/mojo_model.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction {

MojoModel::MojoModel(const std::string& path) {
  mojo::MojoArchive archive(path);
  try {
    const mojo::MojoHeader h = mojo::read_header(archive);
    algo_ = archive.ini().get("algo");
    threshold_ = h.threshold;
    for (std::size_t i = 0; i < h.columns.size(); ++i) columns_.push_back({h.columns[i], h.domains[i]});
    features_.assign(columns_.begin(), columns_.begin() + h.n_features);
    if (h.n_classes > 1) classes_ = columns_.back().domain;
    scorer_ = mojo::make_scorer(algo_, archive, h);
  } catch (const ModelError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError(fmt::format("MOJO '{}' is malformed: {}", path, e.what()));
  }
}

MojoModel::~MojoModel() = default;

void MojoModel::score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  if (!scorer_->takes_offset())
    throw mojo::ScoringError("java.lang.UnsupportedOperationException: `offset` column is not supported");
  scorer_->score0(row, row_size, offset, preds, preds_size);
}

void MojoModel::score0(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
  scorer_->score0(row, row_size, 0.0, preds, preds_size);
}

void MojoModel::predict(const double* rows, std::size_t n_rows, double* out) const {
  const std::size_t n = features_.size();
  const std::size_t k = preds_size();
  constexpr std::size_t kChunk = 256;  // rows scored at once (tree ensembles walk each tree over them)
  thread_local std::vector<double> preds;
  preds.resize(kChunk * k);
  try {
    for (std::size_t start = 0; start < n_rows; start += kChunk) {
      const std::size_t m = std::min(kChunk, n_rows - start);
      scorer_->score_batch(rows + start * n, m, n, preds.data(), k);
      for (std::size_t r = 0; r < m; ++r) {
        const double* p = preds.data() + r * k;
        if (classes_.empty()) out[start + r] = p[0];
        else std::copy(p + 1, p + k, out + (start + r) * classes_.size());
      }
    }
  } catch (const mojo::ScoringError& e) {
    throw ModelError(e.what());
  }
}

}  // namespace squall::prediction
