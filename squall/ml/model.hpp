#pragma once
// A scoring model as the prediction bolt sees it: named input features (numeric, or categorical
// with a domain of levels), classes (or none for regression), and batch prediction.

#include <memory>
#include <string>
#include <vector>

#include "squall/api/errors.hpp"

namespace squall::prediction {

/// A model file could not be loaded, or does not fit its input. The message names the file and,
/// where it applies, the field.
class ModelError : public Error {
 public:
  using Error::Error;
};

/// One input feature: its column name, and its levels when categorical (empty when numeric).
struct Feature {
  std::string name;
  std::vector<std::string> domain;
  bool categorical() const noexcept { return !domain.empty(); }
};

class Model {
 public:
  virtual ~Model() = default;

  /// The input features, in the order predict() expects them.
  virtual const std::vector<Feature>& features() const noexcept = 0;
  /// Class labels in output order; empty for a regression model.
  virtual const std::vector<std::string>& classes() const noexcept = 0;
  /// For two classes: P(second class) at or above this means the second class (the model's own
  /// threshold, e.g. H2O's max-F1 threshold; 0.5 when the model has none).
  virtual double default_threshold() const noexcept { return 0.5; }
  /// "xgboost", "h2o-mojo gbm", ...: for logs.
  virtual std::string kind() const = 0;

  /// Values per output row: one probability per class, or 1 for regression.
  std::size_t outputs() const noexcept { return classes().empty() ? 1 : classes().size(); }

  /// Scores `rows` rows of features().size() doubles each (categoricals as domain indexes, NaN for
  /// missing) into `out`, rows × outputs() doubles. Throws ModelError when the model fails.
  virtual void predict(const double* rows, std::size_t n_rows, double* out) const = 0;
};

/// Loads a model by its content: an H2O MOJO (a zip, usually *.zip or *.mojo), an H2O GBM or DRF
/// POJO (the *.java source h2o.download_pojo() writes) or an XGBoost model (JSON or UBJSON).
/// Throws ModelError naming the file (and, for a POJO, file:line:column) when it cannot.
std::unique_ptr<Model> load_model(const std::string& path);

}  // namespace squall::prediction
