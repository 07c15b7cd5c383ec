#include "squall/ml/classifier_bolt.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/output_fields_declarer.hpp"
#include "squall/ml/model.hpp"

namespace squall::bolts {

ClassifierBolt::ClassifierBolt(const Settings& settings)
    : fields_(settings.probability_fields), expected_field_(settings.expected_field) {
  if (fields_.empty()) throw SettingError("ClassifierBolt: 'probability.fields' names no field");
  std::string mode = settings.mode.value_or(fields_.size() == 2 ? "threshold" : "argmax");
  if (mode != "threshold" && mode != "argmax")
    throw SettingError(fmt::format("ClassifierBolt: mode '{}' must be threshold or argmax", mode));
  argmax_ = mode == "argmax";
  if (!argmax_) {
    if (fields_.size() != 2) throw SettingError("ClassifierBolt: threshold mode needs exactly two probability fields");
    std::string positive = settings.positive_class.value_or(fields_.back());
    auto it = std::find(fields_.begin(), fields_.end(), positive);
    if (it == fields_.end())
      throw SettingError(fmt::format("ClassifierBolt: positive.class '{}' is not among [{}]", positive, fmt::join(fields_, ", ")));
    positive_ = static_cast<std::size_t>(it - fields_.begin());
    if (!settings.model.empty()) threshold_ = prediction::load_model(settings.model)->default_threshold();
    threshold_ = settings.threshold.value_or(threshold_);
  }
  scratch_.resize(fields_.size());
}

void ClassifierBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare({"expected", "predicted", "probability"});
}

std::string ClassifierBolt::classify(const std::vector<double>& p, double* chosen) const {
  std::size_t pick;
  if (argmax_) {
    pick = static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
  } else {
    pick = p[positive_] >= threshold_ ? positive_ : 1 - positive_;
  }
  if (chosen) *chosen = p[pick];
  return fields_[pick];
}

void ClassifierBolt::execute(const Tuple& input, BasicOutputCollector& collector) {
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const Value& v = input.get(fields_[i]);
    if (v.type() == ValueType::float64) scratch_[i] = v.as_double();
    else if (v.type() == ValueType::int64) scratch_[i] = static_cast<double>(v.as_int());
    else throw FailedException(fmt::format("ClassifierBolt: field '{}' holds a {}, not a probability", fields_[i], type_name(v.type())));
  }
  double probability = 0;
  std::string label = classify(scratch_, &probability);
  Value expected = expected_field_.empty() ? Value() : input.get(expected_field_);
  collector.emit({std::move(expected), std::move(label), probability});
}

void ClassifierBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<ClassifierBolt>({
      .class_name = "squall.bolts.ClassifierBolt",
      .aliases = {"ClassifierBolt"},
      .description = "turns class probabilities into a label (threshold or argmax); emits (expected, predicted, probability)",
  });
}

}  // namespace squall::bolts
