#include <fstream>

#include <fmt/format.h>

#include "bolts/prediction/model.hpp"
#include "bolts/prediction/mojo/mojo_model.hpp"
#include "bolts/prediction/xgboost_model.hpp"

namespace squall::prediction {

std::unique_ptr<Model> load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(fmt::format("model '{}' cannot be read", path));
  char magic[2] = {};
  in.read(magic, 2);
  if (in.gcount() == 2 && magic[0] == 'P' && magic[1] == 'K') return std::make_unique<MojoModel>(path);  // a zip
  return std::make_unique<XGBoostModel>(path);
}

}  // namespace squall::prediction
