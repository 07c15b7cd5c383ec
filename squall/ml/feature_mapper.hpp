#pragma once
// Maps a tuple's fields onto a model's features by name, as H2O's RowData does: a number stays a
// number, a categorical value becomes the index of its level, and an unknown level, an empty
// string or nil becomes NaN.

#include <string>
#include <unordered_map>
#include <vector>

#include "squall/ml/model.hpp"
#include "squall/api/fields.hpp"
#include "squall/api/tuple.hpp"

namespace squall::prediction {

class FeatureMapper {
 public:
  /// Resolves each feature of `model` to a field of `input` (renamed through `renames`: feature →
  /// field). Throws ModelError naming the missing feature and listing the input fields.
  FeatureMapper(const Model& model, const Fields& input, const std::unordered_map<std::string, std::string>& renames,
                const std::string& model_name);

  /// Writes the tuple's features into `row` (features().size() doubles). Returns an empty string,
  /// or what is wrong (a numeric feature holding text that is not a number, naming the field).
  std::string map(const Tuple& tuple, double* row) const;

 private:
  struct Slot {
    std::size_t field_index;
    std::string field;
    bool categorical;
    std::unordered_map<std::string, double> levels;
  };
  std::vector<Slot> slots_;
};

}  // namespace squall::prediction
