#include "squall/ml/feature_mapper.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace squall::prediction {

namespace {
constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
}

FeatureMapper::FeatureMapper(const Model& model, const Fields& input,
                             const std::unordered_map<std::string, std::string>& renames, const std::string& model_name) {
  for (const auto& feature : model.features()) {
    auto renamed = renames.find(feature.name);
    const std::string& field = renamed == renames.end() ? feature.name : renamed->second;
    auto index = input.find(field);
    if (!index)
      throw ModelError(fmt::format("model '{}' needs feature '{}', but the input has no field '{}' (input fields: {}); "
                                   "add it upstream or map it with 'features: {{{}: FIELD}}'",
                                   model_name, feature.name, field, input.to_string(), feature.name));
    Slot slot{*index, field, feature.categorical(), {}};
    for (std::size_t i = 0; i < feature.domain.size(); ++i) slot.levels.emplace(feature.domain[i], static_cast<double>(i));
    slots_.push_back(std::move(slot));
  }
}

std::string FeatureMapper::map(const Tuple& tuple, double* row) const {
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& slot = slots_[i];
    const Value& v = tuple.get(slot.field_index);
    double x = kMissing;
    switch (v.type()) {
      case ValueType::nil: break;
      case ValueType::boolean: x = v.as_bool() ? 1.0 : 0.0; break;
      case ValueType::int64:
        if (slot.categorical) {
          auto it = slot.levels.find(std::to_string(v.as_int()));
          x = it == slot.levels.end() ? kMissing : it->second;
        } else {
          x = static_cast<double>(v.as_int());
        }
        break;
      case ValueType::float64: x = slot.categorical ? kMissing : v.as_double(); break;
      case ValueType::string: {
        const std::string& s = v.as_string();
        if (slot.categorical) {
          auto it = slot.levels.find(s);
          x = it == slot.levels.end() ? kMissing : it->second;
        } else if (!s.empty()) {
          auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
          if (ec != std::errc() || end != s.data() + s.size())
            return fmt::format("feature '{}': field '{}' holds '{}', which is not a number", slot.field, slot.field, s);
        }
        break;
      }
      case ValueType::bytes: return fmt::format("feature '{}': field '{}' holds bytes, not a number or a level", slot.field, slot.field);
    }
    row[i] = x;
  }
  return {};
}

}  // namespace squall::prediction
