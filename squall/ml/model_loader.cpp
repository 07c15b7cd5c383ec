#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "squall/api/detail/input_limits.hpp"
#include "squall/ml/model.hpp"
#include "squall/ml/mojo/mojo_model.hpp"
#include "squall/ml/pojo/pojo_model.hpp"
#include "squall/ml/xgboost_model.hpp"

namespace squall::prediction {

std::unique_ptr<Model> load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ModelError(fmt::format("model '{}' cannot be read", path));
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw ModelError(fmt::format("model '{}' is not a regular file", path));
  if (auto size = std::filesystem::file_size(path, ec); !ec && size > limits::kModelFileBytes)
    throw ModelError(fmt::format("model '{}' has {} bytes, more than the {} a model file may have", path, size,
                                 limits::kModelFileBytes));
  char magic[2] = {};
  in.read(magic, 2);
  if (in.gcount() == 2 && magic[0] == 'P' && magic[1] == 'K') return std::make_unique<MojoModel>(path);  // a zip
  auto extension = std::filesystem::path(path).extension().string();
  if (extension == ".java") return std::make_unique<PojoModel>(path);  // h2o.download_pojo()'s Java source
  // XGBoost writes JSON and UBJSON (both start with '{') and its older binary format (*.model,
  // *.bin, *.xgb). Anything else (a pickle, a text file) is refused by name here instead
  // of being handed to libxgboost, which answered a .java file with bad_alloc.
  bool xgboost_binary = extension == ".model" || extension == ".bin" || extension == ".xgb" || extension == ".ubj";
  if ((in.gcount() >= 1 && magic[0] == '{') || xgboost_binary) return std::make_unique<XGBoostModel>(path);
  throw ModelError(fmt::format("model '{}' is of an unknown format: squall reads H2O MOJOs (a zip, *.zip or *.mojo), "
                               "H2O POJOs (*.java) and XGBoost models (*.json, *.ubj, *.model)", path));
}

}  // namespace squall::prediction
