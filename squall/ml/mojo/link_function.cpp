#include "squall/ml/mojo/link_function.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "squall/ml/model.hpp"

namespace squall::prediction::mojo {

LinkFunction LinkFunction::parse(const std::string& name, double tweedie_power, const std::string& path) {
  LinkFunction l;
  l.tweedie_power = tweedie_power;
  if (name == "identity") l.kind = Kind::identity;
  else if (name == "logit") l.kind = Kind::logit;
  else if (name == "log") l.kind = Kind::log;
  else if (name == "inverse") l.kind = Kind::inverse;
  else if (name == "tweedie") l.kind = Kind::tweedie;
  else
    throw ModelError(fmt::format("MOJO '{}': link function '{}' is not supported (identity, logit, log, inverse, tweedie are)",
                                 path, name));
  return l;
}

double LinkFunction::inverse(double f) const {
  switch (kind) {
    case Kind::identity: return f;
    case Kind::logit: return 1.0 / (1.0 + std::exp(-f));
    case Kind::log: return std::exp(f);
    case Kind::inverse: return 1.0 / (f < 0 ? std::min(-1e-5, f) : std::max(1e-5, f));
    case Kind::tweedie: return tweedie_power == 0 ? std::exp(f) : std::pow(f, 1.0 / tweedie_power);
  }
  return f;
}

}  // namespace squall::prediction::mojo
