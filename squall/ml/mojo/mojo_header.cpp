// read_header: the model.ini keys that every algorithm's MOJO has.

#include <cmath>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/model.hpp"
#include "squall/ml/mojo/algorithm_scorer.hpp"
#include "squall/ml/mojo/mojo_archive.hpp"

namespace squall::prediction::mojo {

MojoHeader read_header(const MojoArchive& archive) {
  const ModelIni& ini = archive.ini();
  MojoHeader h;
  const std::string& path = h.path = archive.path();
  h.version = static_cast<int>(std::lround(std::stod(ini.get("mojo_version")) * 100));
  h.n_features = ini.get_int("n_features");
  h.n_classes = ini.get_int("n_classes");
  // Bounds checked here, so that scoring never has to: preds arrays are n_classes + 1 long.
  if (h.n_features < 1 || h.n_features > limits::kModelFeatures)
    throw ModelError(fmt::format("MOJO '{}': model.ini n_features = {} is outside 1..{}", path, h.n_features,
                                 limits::kModelFeatures));
  if (h.n_classes < 1 || h.n_classes > limits::kModelClasses)
    throw ModelError(fmt::format("MOJO '{}': model.ini n_classes = {} is outside 1..{}", path, h.n_classes,
                                 limits::kModelClasses));
  h.balance_classes = ini.get_bool("balance_classes", false);
  h.threshold = ini.get_double("default_threshold", 0.5);
  h.prior = ini.get_doubles("prior_class_distrib");
  h.model_distrib = ini.get_doubles("model_class_distrib");
  h.domains = archive.domains();
  h.columns = ini.columns;
  if (static_cast<int>(h.columns.size()) < h.n_features)
    throw ModelError(fmt::format("MOJO '{}': {} columns for {} features", path, h.columns.size(), h.n_features));
  for (const auto& d : h.domains) h.domain_sizes.push_back(static_cast<std::int32_t>(d.size()));
  if (h.n_classes > 1) {
    if (h.columns.size() <= static_cast<std::size_t>(h.n_features) || h.domains.back().empty())
      throw ModelError(fmt::format("MOJO '{}': a classifier without a response domain", path));
    // Scoring writes n_classes probabilities where the caller made room for one per label.
    if (h.domains.back().size() != static_cast<std::size_t>(h.n_classes))
      throw ModelError(fmt::format("MOJO '{}': n_classes = {}, but the response domain has {} levels", path, h.n_classes,
                                   h.domains.back().size()));
    auto check_distribution = [&](const std::vector<double>& d, const char* key, bool needed) {
      if ((needed || !d.empty()) && d.size() != static_cast<std::size_t>(h.n_classes))
        throw ModelError(fmt::format("MOJO '{}': {} has {} entries for {} classes", path, key, d.size(), h.n_classes));
    };
    check_distribution(h.prior, "prior_class_distrib", h.balance_classes);
    check_distribution(h.model_distrib, "model_class_distrib", h.balance_classes);
  }
  return h;
}

}  // namespace squall::prediction::mojo
