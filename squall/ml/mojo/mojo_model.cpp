#include "squall/ml/mojo/mojo_model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/mojo/java_int.hpp"
#include "squall/ml/mojo/java_random.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"
#include "squall/ml/mojo/detail/mojo_scorer.hpp"

namespace squall::prediction {

namespace {

std::vector<int> to_ints(const std::vector<double>& v) { return {v.begin(), v.end()}; }

int mojo_version_hundredths(const std::string& v) { return static_cast<int>(std::lround(std::stod(v) * 100)); }

}  // namespace

MojoModel::MojoModel(const std::string& path) : impl_(std::make_unique<Impl>()) {
  mojo::MojoArchive archive(path);
  const mojo::ModelIni& ini = archive.ini();
  Impl& m = *impl_;
  try {
    algo_ = ini.get("algo");
    const int version = mojo_version_hundredths(ini.get("mojo_version"));
    m.n_features = ini.get_int("n_features");
    m.n_classes = ini.get_int("n_classes");
    // Bounds checked here, so that scoring never has to: preds arrays are n_classes + 1 long.
    if (m.n_features < 1 || m.n_features > limits::kModelFeatures)
      throw ModelError(fmt::format("MOJO '{}': model.ini n_features = {} is outside 1..{}", path, m.n_features,
                                   limits::kModelFeatures));
    if (m.n_classes < 1 || m.n_classes > limits::kModelClasses)
      throw ModelError(fmt::format("MOJO '{}': model.ini n_classes = {} is outside 1..{}", path, m.n_classes,
                                   limits::kModelClasses));
    m.balance_classes = ini.get_bool("balance_classes", false);
    m.threshold = threshold_ = ini.get_double("default_threshold", 0.5);
    m.prior = ini.get_doubles("prior_class_distrib");
    m.model_distrib = ini.get_doubles("model_class_distrib");
    auto domains = archive.domains();
    for (std::size_t i = 0; i < ini.columns.size(); ++i) columns_.push_back({ini.columns[i], domains[i]});
    if (static_cast<int>(columns_.size()) < m.n_features)
      throw ModelError(fmt::format("MOJO '{}': {} columns for {} features", path, columns_.size(), m.n_features));
    features_.assign(columns_.begin(), columns_.begin() + m.n_features);
    for (const auto& c : columns_) m.domain_sizes.push_back(static_cast<std::int32_t>(c.domain.size()));
    if (m.n_classes > 1) {
      if (columns_.size() <= static_cast<std::size_t>(m.n_features) || columns_.back().domain.empty())
        throw ModelError(fmt::format("MOJO '{}': a classifier without a response domain", path));
      classes_ = columns_.back().domain;
      // Scoring writes n_classes probabilities where the caller made room for one per label.
      if (classes_.size() != static_cast<std::size_t>(m.n_classes))
        throw ModelError(fmt::format("MOJO '{}': n_classes = {}, but the response domain has {} levels", path,
                                     m.n_classes, classes_.size()));
    }
    auto check_distribution = [&](const std::vector<double>& d, const char* key, bool needed) {
      if ((needed || !d.empty()) && d.size() != static_cast<std::size_t>(m.n_classes))
        throw ModelError(fmt::format("MOJO '{}': {} has {} entries for {} classes", path, key, d.size(), m.n_classes));
    };
    if (m.n_classes > 1) {
      check_distribution(m.prior, "prior_class_distrib", m.balance_classes);
      check_distribution(m.model_distrib, "model_class_distrib", m.balance_classes);
    }
    if (algo_ == "gbm" || algo_ == "drf") {
      m.algo = algo_ == "gbm" ? Impl::Algo::gbm : Impl::Algo::drf;
      if (version != 100 && version != 110 && (version < 120 || version > 140))
        throw ModelError(fmt::format("MOJO '{}': tree MOJO version {} is not supported (1.00, 1.10 and 1.20 to 1.40 are)",
                                     path, ini.get("mojo_version")));
      const auto encoding = version == 100   ? mojo::TreeEncoding::v1_00
                            : version == 110 ? mojo::TreeEncoding::v1_10
                                             : mojo::TreeEncoding::v1_20;
      m.tree_groups = ini.get_int("n_trees");
      m.trees_per_group = ini.get_int("n_trees_per_class");
      if (m.tree_groups < 0 || m.trees_per_group < 0 || m.trees_per_group > m.n_classes + 1 ||
          static_cast<std::size_t>(m.tree_groups) * static_cast<std::size_t>(m.trees_per_group) > limits::kModelTrees)
        throw ModelError(fmt::format("MOJO '{}': model.ini n_trees = {} and n_trees_per_class = {} are out of range", path,
                                     m.tree_groups, m.trees_per_group));
      const std::string d = ini.get("distribution", "");
      m.gbm_output = d == "bernoulli" || d == "quasibinomial" ? Impl::GbmOutput::binomial
                     : d == "modified_huber"                 ? Impl::GbmOutput::modified_huber
                     : d == "multinomial"                    ? Impl::GbmOutput::multinomial
                                                             : Impl::GbmOutput::regression;
      m.init_f = ini.get_double("init_f", 0);
      m.binomial_double_trees = ini.get_bool("binomial_double_trees", false);
      const std::string link = ini.get("link_function", d == "bernoulli" || d == "quasibinomial" ? "logit"
                                        : (d == "poisson" || d == "gamma" || d == "tweedie" || d == "multinomial") ? "log"
                                                                                                                  : "identity");
      // DRF averages votes; modified_huber has its own inverse link; a softmax needs none.
      if (m.algo == Impl::Algo::gbm && m.gbm_output != Impl::GbmOutput::modified_huber &&
          m.gbm_output != Impl::GbmOutput::multinomial)
        m.link = Impl::parse_link(link, path);
      m.tweedie_link_power = ini.get_double("tweedie_link_power", 1);
      if (link == "tweedie" && d == "tweedie" && !ini.info.contains("tweedie_link_power")) m.tweedie_link_power = 0;
      for (int c = 0; c < m.trees_per_group; ++c)
        for (int g = 0; g < m.tree_groups; ++g) {
          std::string name = mojo::tree_entry(c, g);
          try {
            m.trees.push_back(archive.contains(name) ? std::make_unique<mojo::CompiledTree>(archive.read(name), m.domain_sizes, encoding) : nullptr);
          } catch (const std::runtime_error& e) {
            throw ModelError(fmt::format("MOJO '{}': {}: {}", path, name, e.what()));
          }
        }
    } else if (algo_ == "glm") {
      m.algo = Impl::Algo::glm;
      if (version != 100) throw ModelError(fmt::format("MOJO '{}': GLM MOJO version {} is not supported (1.00 is)", path, ini.get("mojo_version")));
      m.use_all_factor_levels = ini.get_bool("use_all_factor_levels", false);
      m.cats = ini.get_int("cats");
      m.nums = ini.get_int("nums");
      m.cat_offsets = to_ints(ini.get_doubles("cat_offsets"));
      m.mean_imputation = ini.get_bool("mean_imputation", false);
      m.num_means = ini.get_doubles("num_means");
      m.cat_modes = to_ints(ini.get_doubles("cat_modes"));
      m.beta = ini.get_doubles("beta");
      const std::string family = ini.get("family");
      const std::string link = ini.get("link", family == "binomial" ? "logit" : "identity");
      if (link != "multinomial") m.link = Impl::parse_link(link, path);  // multinomial: a softmax, no link
      m.tweedie_link_power = ini.get_double("tweedie_link_power", 1);
      if (m.cats < 0 || m.nums < 0 || m.cats + m.nums > m.n_features)
        throw ModelError(fmt::format("MOJO '{}': cats = {} and nums = {} do not fit {} features", path, m.cats, m.nums,
                                     m.n_features));
      if (m.cat_offsets.size() != static_cast<std::size_t>(m.cats) + 1)
        throw ModelError(fmt::format("MOJO '{}': cat_offsets has {} entries for {} categoricals", path, m.cat_offsets.size(), m.cats));
      if (m.cat_offsets[0] < 0 || !std::is_sorted(m.cat_offsets.begin(), m.cat_offsets.end()))
        throw ModelError(fmt::format("MOJO '{}': cat_offsets must start at 0 or more and never decrease", path));
      // GlmMojoModel reads beta[cat_offsets[cats] + nums] per class, the intercept last.
      const std::size_t classes = m.n_classes > 2 ? static_cast<std::size_t>(m.n_classes) : 1;
      const std::size_t per_class = static_cast<std::size_t>(m.cat_offsets.back()) + static_cast<std::size_t>(m.nums) + 1;
      if (m.beta.size() != classes * per_class)
        throw ModelError(fmt::format("MOJO '{}': beta has {} coefficients; {} categorical levels, {} numeric columns and "
                                     "an intercept{} need {}", path, m.beta.size(), m.cat_offsets.back(), m.nums,
                                     classes > 1 ? fmt::format(", for each of {} classes,", classes) : "",
                                     classes * per_class));
      if (m.mean_imputation && (m.num_means.size() < static_cast<std::size_t>(m.nums) ||
                                m.cat_modes.size() < static_cast<std::size_t>(m.cats)))
        throw ModelError(fmt::format("MOJO '{}': mean imputation needs num_means for {} numeric and cat_modes for {} "
                                     "categorical columns; has {} and {}", path, m.nums, m.cats, m.num_means.size(),
                                     m.cat_modes.size()));
    } else {
      throw ModelError(fmt::format("MOJO '{}': algorithm '{}' is not supported (gbm, drf and glm are)", path, algo_));
    }
  } catch (const ModelError&) {
    throw;
  } catch (const std::exception& e) {
    throw ModelError(fmt::format("MOJO '{}' is malformed: {}", path, e.what()));
  }
}

MojoModel::~MojoModel() = default;

void MojoModel::score0(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
  if (impl_->algo == Impl::Algo::gbm) impl_->gbm(row, row_size, offset, preds, preds_size);
  else if (impl_->algo == Impl::Algo::drf) impl_->drf(row, row_size, preds, preds_size);
  else impl_->glm(row, row_size, offset, preds, preds_size);
}

void MojoModel::predict(const double* rows, std::size_t n_rows, double* out) const {
  const std::size_t n = features_.size();
  const std::size_t k = preds_size();
  constexpr std::size_t kChunk = 256;  // rows scored tree by tree at once
  thread_local std::vector<double> preds;
  preds.resize(kChunk * k);
  try {
    for (std::size_t start = 0; start < n_rows; start += kChunk) {
      const std::size_t m = std::min(kChunk, n_rows - start);
      const double* chunk = rows + start * n;
      if (impl_->algo != Impl::Algo::glm) impl_->score_trees_batch(chunk, m, n, preds.data(), k);
      for (std::size_t r = 0; r < m; ++r) {
        double* p = preds.data() + r * k;
        const double* row = chunk + r * n;
        if (impl_->algo == Impl::Algo::gbm) impl_->gbm_finish(row, n, 0.0, p, k);
        else if (impl_->algo == Impl::Algo::drf) impl_->drf_finish(row, n, p, k);
        else impl_->glm(row, n, 0.0, p, k);
        if (classes_.empty()) out[start + r] = p[0];
        else std::copy(p + 1, p + k, out + (start + r) * classes_.size());
      }
    }
  } catch (const ScoringError& e) {
    throw ModelError(e.what());
  }
}

}  // namespace squall::prediction
