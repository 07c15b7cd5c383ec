#pragma once
// The inverse link functions of H2O's GLM and GBM (hex.genmodel.GenModel's GLM_*Inv and
// hex.genmodel.utils.LinkFunctionType), resolved from model.ini's name once at load.

#include <string>

namespace squall::prediction::mojo {

struct LinkFunction {
  enum class Kind { identity, logit, log, inverse, tweedie };
  Kind kind = Kind::identity;
  double tweedie_power = 1;  // tweedie_link_power; 0 means the log link

  /// The link named `name` ("identity", "logit", "log", "inverse", "tweedie"). Throws ModelError
  /// naming `path` for any other.
  static LinkFunction parse(const std::string& name, double tweedie_power, const std::string& path);
  /// The mean for linear predictor `f`: identity f; logit 1/(1+e^-f); log e^f; inverse 1/f with
  /// |f| clamped to at least 1e-5; tweedie f^(1/power), or e^f for power 0.
  double inverse(double f) const;
};

}  // namespace squall::prediction::mojo
