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

namespace squall::prediction {

using mojo::ScoringError;

struct MojoModel::Impl {
  // Resolved from model.ini once at load, so that scoring compares no strings.
  enum class Algo { gbm, drf, glm };
  enum class Link { identity, logit, log, inverse, tweedie };
  /// What GbmMojoModel.unifyPreds does with the trees' sum, by distribution.
  enum class GbmOutput { binomial, modified_huber, multinomial, regression };

  Algo algo = Algo::gbm;
  // Common
  int n_classes = 1;
  int n_features = 0;
  bool balance_classes = false;
  double threshold = 0.5;
  std::vector<double> prior, model_distrib;
  // Trees (GBM, DRF)
  int tree_groups = 0, trees_per_group = 0;
  std::vector<std::unique_ptr<mojo::CompiledTree>> trees;  // class-major: [class * groups + group]; null = empty tree
  std::vector<std::int32_t> domain_sizes;                   // by column; 0 = numeric
  GbmOutput gbm_output = GbmOutput::regression;
  Link link = Link::identity;
  double init_f = 0;
  bool binomial_double_trees = false;
  // GLM
  bool use_all_factor_levels = false, mean_imputation = false;
  int cats = 0, nums = 0;
  std::vector<int> cat_offsets, cat_modes;
  std::vector<double> num_means, beta;
  double tweedie_link_power = 1;

  /// The link named in model.ini; throws ModelError naming the file for one this runtime lacks.
  static Link parse_link(const std::string& name, const std::string& path) {
    if (name == "identity") return Link::identity;
    if (name == "logit") return Link::logit;
    if (name == "log") return Link::log;
    if (name == "inverse") return Link::inverse;
    if (name == "tweedie") return Link::tweedie;
    throw ModelError(fmt::format("MOJO '{}': link function '{}' is not supported (identity, logit, log, inverse, tweedie are)", path, name));
  }

  double link_inverse(double f) const {
    switch (link) {
      case Link::identity: return f;
      case Link::logit: return 1.0 / (1.0 + std::exp(-f));
      case Link::log: return std::exp(f);
      case Link::inverse: return 1.0 / (f < 0 ? std::min(-1e-5, f) : std::max(1e-5, f));
      case Link::tweedie: return tweedie_link_power == 0 ? std::exp(f) : std::pow(f, 1.0 / tweedie_link_power);
    }
    return f;
  }

  static void need_preds(std::size_t preds_size, std::size_t n) {
    if (preds_size < n)
      throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: predictions array of {} for {} values", preds_size, n));
  }

  void score_trees(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    std::fill(preds, preds + preds_size, 0.0);
    const int class_offset = n_classes == 1 ? 0 : 1;
    for (int c = 0; c < trees_per_group; ++c) {
      need_preds(preds_size, static_cast<std::size_t>(class_offset + c + 1));
      for (int g = 0; g < tree_groups; ++g)
        if (const auto& t = trees[static_cast<std::size_t>(c * tree_groups + g)]) preds[class_offset + c] += t->score(row, row_size);
    }
  }

  /// score_trees for `n` rows at once, tree by tree (each tree stays in cache across the rows).
  void score_trees_batch(const double* rows, std::size_t n, std::size_t row_size, double* preds, std::size_t preds_size) const {
    std::fill(preds, preds + n * preds_size, 0.0);
    const int class_offset = n_classes == 1 ? 0 : 1;
    const bool has_nan = std::any_of(rows, rows + n * row_size, [](double d) { return std::isnan(d); });
    for (int c = 0; c < trees_per_group; ++c)
      for (int g = 0; g < tree_groups; ++g)
        if (const auto& t = trees[static_cast<std::size_t>(c * tree_groups + g)])
          t->add_scores(rows, n, row_size, preds + class_offset + c, preds_size, has_nan);
  }

  void finish_classification(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    if (balance_classes) correct_probabilities(preds);
    preds[0] = prediction(preds, static_cast<std::size_t>(n_classes) + 1, row, row_size);
    (void)preds_size;
  }

  /// GenModel.correctProbabilities: undoes the class balancing of the training data.
  void correct_probabilities(double* preds) const {
    double sum = 0;
    for (int c = 1; c <= n_classes; ++c) {
      double original = prior[static_cast<std::size_t>(c - 1)], oversampled = model_distrib[static_cast<std::size_t>(c - 1)];
      if (original != 0 && oversampled != 0) preds[c] *= original / oversampled;
      sum += preds[c];
    }
    if (sum > 0)
      for (int c = 1; c <= n_classes; ++c) preds[c] /= sum;
  }

  /// GenModel.getPrediction: the threshold for two classes, else the arg max with H2O's tie-break.
  double prediction(const double* preds, std::size_t n, const double* row, std::size_t row_size) const {
    if (n == 3) return preds[2] >= threshold ? 1 : 0;
    thread_local std::vector<int> ties;  // reused: no allocation per row
    ties.assign(1, 0);
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
      hash ^= bits >> 6;
    }
    if (!prior.empty()) {
      double sum = 0;
      for (int i : ties) sum += prior[static_cast<std::size_t>(i)];
      mojo::JavaRandom rng(hash);
      double tie = rng.next_double();
      double partial = 0;
      for (int i : ties) {
        partial += prior[static_cast<std::size_t>(i)] / sum;
        if (tie <= partial) return i;
      }
    }
    double res = preds[best];
    int idx = static_cast<int>(static_cast<std::int32_t>(hash) % (tie_count + 1));
    for (best = 1; best < n; ++best)
      if (res == preds[best] && --idx < 0) return static_cast<double>(best - 1);
    throw ScoringError("tie-break failed");
  }

  void gbm(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
    score_trees(row, row_size, preds, preds_size);
    gbm_finish(row, row_size, offset, preds, preds_size);
  }

  /// GbmMojoModel.unifyPreds: link function, softmax, class balance, label.
  void gbm_finish(const double* row, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
    if (gbm_output == GbmOutput::binomial || gbm_output == GbmOutput::modified_huber) {
      need_preds(preds_size, 3);
      double f = preds[1] + init_f + offset;
      preds[2] = gbm_output == GbmOutput::modified_huber ? link_inverse_modified_huber(f) : link_inverse(f);
      preds[1] = 1.0 - preds[2];
    } else if (gbm_output == GbmOutput::multinomial) {
      if (n_classes == 2) {
        preds[1] += init_f + offset;
        preds[2] = -preds[1];
      }
      rescale(preds, static_cast<std::size_t>(n_classes) + 1);
    } else {
      preds[0] = link_inverse(preds[0] + init_f + offset);
      return;
    }
    finish_classification(row, row_size, preds, preds_size);
  }

  static double link_inverse_modified_huber(double f) { return 1.0 / (1.0 + std::exp(-2 * f)); }

  /// GenModel.GBM_rescale: a softmax over preds[1..n).
  static void rescale(double* preds, std::size_t n) {
    double max = -std::numeric_limits<double>::infinity();
    for (std::size_t k = 1; k < n; ++k) max = std::max(max, preds[k]);
    double sum = 0;
    for (std::size_t k = 1; k < n; ++k) sum += (preds[k] = std::exp(preds[k] - max));
    for (std::size_t k = 1; k < n; ++k) preds[k] /= sum;
  }

  void drf(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    score_trees(row, row_size, preds, preds_size);
    drf_finish(row, row_size, preds, preds_size);
  }

  /// DrfMojoModel.unifyPreds: averages the votes, class balance, label.
  void drf_finish(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    if (n_classes == 1) {
      preds[0] /= tree_groups;
      return;
    }
    need_preds(preds_size, static_cast<std::size_t>(n_classes) + 1);
    if (n_classes == 2 && !binomial_double_trees) {
      preds[1] /= tree_groups;
      preds[2] = 1.0 - preds[1];
    } else {
      double sum = 0;
      for (int c = 1; c <= n_classes; ++c) sum += preds[c];
      if (sum > 0)
        for (int c = 1; c <= n_classes; ++c) preds[c] /= sum;
    }
    finish_classification(row, row_size, preds, preds_size);
  }

  double at(const double* row, std::size_t row_size, std::size_t i) const {
    if (i >= row_size)
      throw ScoringError(fmt::format("java.lang.ArrayIndexOutOfBoundsException: index {} of a row of {}", i, row_size));
    return row[i];
  }

  /// The beta index of categorical column i's value, or -1 when it adds nothing.
  int cat_index(double v, int i) const {
    // GlmMojoModel: `int ival = (int) data[i] - 1; if (ival != data[i] - 1) throw ...`, with Java's
    // saturating (int) cast, so 1e10 is out of range rather than a huge level.
    int base = use_all_factor_levels ? 0 : 1;
    if (!use_all_factor_levels && v == 0) return -1;
    std::int64_t ival = static_cast<std::int64_t>(mojo::java_int(v)) - base;
    if (static_cast<double>(ival) != v - base) throw ScoringError("java.lang.IllegalArgumentException: categorical value out of range");
    ival += cat_offsets[static_cast<std::size_t>(i)];
    return ival < cat_offsets[static_cast<std::size_t>(i) + 1] ? static_cast<int>(ival) : -1;
  }


  void glm(const double* input, std::size_t row_size, double offset, double* preds, std::size_t preds_size) const {
    thread_local std::vector<double> data;  // imputation writes into the row, as H2O does; no allocation per row
    data.assign(input, input + row_size);
    if (mean_imputation) {
      for (int i = 0; i < cats; ++i)
        if (std::isnan(at(data.data(), row_size, static_cast<std::size_t>(i)))) data[static_cast<std::size_t>(i)] = cat_modes[static_cast<std::size_t>(i)];
      for (int i = 0; i < nums; ++i)
        if (std::isnan(at(data.data(), row_size, static_cast<std::size_t>(i + cats)))) data[static_cast<std::size_t>(i + cats)] = num_means[static_cast<std::size_t>(i)];
    }
    const double* row = data.data();
    if (n_classes > 2) {
      glm_multinomial(row, row_size, preds, preds_size);
      return;
    }
    double eta = 0;
    for (int i = 0; i < cats; ++i) {
      int b = cat_index(at(row, row_size, static_cast<std::size_t>(i)), i);
      if (b >= 0) eta += beta[static_cast<std::size_t>(b)];
    }
    int noff = cat_offsets[static_cast<std::size_t>(cats)] - cats;
    for (int i = cats; i < static_cast<int>(beta.size()) - 1 - noff; ++i)
      eta += beta[static_cast<std::size_t>(noff + i)] * at(row, row_size, static_cast<std::size_t>(i));
    eta += beta.back();
    eta += offset;
    double mu = link_inverse(eta);
    if (n_classes == 2) {
      need_preds(preds_size, 3);
      preds[0] = mu >= threshold ? 1 : 0;
      preds[1] = 1.0 - mu;
      preds[2] = mu;
    } else {
      need_preds(preds_size, 1);
      preds[0] = mu;
    }
  }

  void glm_multinomial(const double* row, std::size_t row_size, double* preds, std::size_t preds_size) const {
    need_preds(preds_size, static_cast<std::size_t>(n_classes) + 1);
    const std::size_t p = beta.size() / static_cast<std::size_t>(n_classes);
    const int noff = cat_offsets[static_cast<std::size_t>(cats)];
    preds[0] = 0;
    for (int c = 0; c < n_classes; ++c) {
      double& v = preds[c + 1];
      v = 0;
      for (int i = 0; i < cats; ++i) {
        int b = cat_index(at(row, row_size, static_cast<std::size_t>(i)), i);
        if (b >= 0) v += beta[static_cast<std::size_t>(b) + static_cast<std::size_t>(c) * p];
      }
      for (int i = 0; i < nums; ++i)
        v += beta[static_cast<std::size_t>(i + noff) + static_cast<std::size_t>(c) * p] * at(row, row_size, static_cast<std::size_t>(i + cats));
      v += beta[(p - 1) + static_cast<std::size_t>(c) * p];
    }
    double max_row = 0;
    for (int c = 1; c <= n_classes; ++c) max_row = std::max(max_row, preds[c]);
    double sum = 0;
    for (int c = 1; c <= n_classes; ++c) sum += (preds[c] = std::exp(preds[c] - max_row));
    sum = 1 / sum;
    for (int c = 1; c <= n_classes; ++c) preds[c] *= sum;
    preds[0] = prediction(preds, static_cast<std::size_t>(n_classes) + 1, row, row_size);
  }
};

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
      if (version < 120 || version > 140)
        throw ModelError(fmt::format("MOJO '{}': tree MOJO version {} is not supported (1.20 to 1.40 are)", path, ini.get("mojo_version")));
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
            m.trees.push_back(archive.contains(name) ? std::make_unique<mojo::CompiledTree>(archive.read(name), m.domain_sizes) : nullptr);
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
