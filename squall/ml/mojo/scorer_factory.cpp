// make_scorer: model.ini's algo → the algorithm's scorer.

#include <fmt/format.h>

#include "squall/ml/model.hpp"
#include "squall/ml/mojo/algorithm_scorer.hpp"
#include "squall/ml/mojo/deeplearning_scorer.hpp"
#include "squall/ml/mojo/glm_scorer.hpp"
#include "squall/ml/mojo/rulefit_scorer.hpp"
#include "squall/ml/mojo/tree_scorer.hpp"
#include "squall/ml/mojo/xgboost_scorer.hpp"

namespace squall::prediction::mojo {

std::unique_ptr<AlgorithmScorer> make_scorer(const std::string& algo, const MojoArchive& archive, const MojoHeader& header) {
  if (algo == "gbm" || algo == "drf") return std::make_unique<TreeScorer>(algo == "gbm", archive, header);
  if (algo == "glm") return std::make_unique<GlmScorer>(archive, header);
  if (algo == "deeplearning") return std::make_unique<DeeplearningScorer>(archive, header);
  if (algo == "xgboost") return std::make_unique<XgboostScorer>(archive, header);
  if (algo == "rulefit") return std::make_unique<RuleFitScorer>(archive, header);
  throw ModelError(fmt::format("MOJO '{}': algorithm '{}' is not supported (gbm, drf, glm, deeplearning, xgboost and "
                               "rulefit are)", header.path, algo));
}

}  // namespace squall::prediction::mojo
