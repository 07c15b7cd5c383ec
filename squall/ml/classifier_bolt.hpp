#pragma once
// ClassifierBolt (squall.bolts.ClassifierBolt): turns class probabilities into a label: a
// threshold on one class's probability (two classes) or the arg max. Generic: it reads whatever
// probability fields it is told to.

#include <optional>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Settings: `probability.fields` (list<string>): the class probability fields, named after the
/// classes (PredictionBolt emits these); `mode` ("threshold" | "argmax"; default threshold for two
/// classes, argmax otherwise); `positive.class` (default: the last probability field);
/// `threshold` (double; default: `model`'s own threshold, else 0.5); `model` (string: a model
/// file to take the threshold from); `expected.field` (string: an input field holding the true
/// label, copied to "expected"; empty = none).
/// Emits ("expected", "predicted", "probability"): the true label or nil, the label, and the
/// probability of the predicted class. A tuple whose probabilities are not numbers is failed
/// with a reported error naming the field.
class ClassifierBolt : public BasicBolt {
 public:
  /// Throws SettingError for an unknown mode, or a positive class not among the fields.
  explicit ClassifierBolt(const ComponentSettings& settings);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;

  /// The label for `probabilities` (one per probability field, in order).
  std::string classify(const std::vector<double>& probabilities, double* chosen_probability) const;

  static void register_in(ComponentRegistry& registry);

 private:
  std::vector<std::string> fields_;
  bool argmax_;
  std::size_t positive_ = 0;
  double threshold_ = 0.5;
  std::string expected_field_;
  std::vector<double> scratch_;
};

}  // namespace squall::bolts
