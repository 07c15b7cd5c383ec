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

/// The probability fields are named after the classes (PredictionBolt emits these). The
/// expected field, when set, holds the true label and is copied to "expected".
/// Emits ("expected", "predicted", "probability"): the true label or nil, the label, and the
/// probability of the predicted class. A tuple whose probabilities are not numbers is failed
/// with a reported error naming the field.
class ClassifierBolt : public BasicBolt {
 public:
  /// Throws SettingError for an unknown mode, or a positive class not among the fields.
  struct Settings {
    std::vector<std::string> probability_fields;
    std::optional<std::string> mode, positive_class;
    std::optional<double> threshold;
    std::string model;
    std::string expected_field;
    void describe(SettingsSchema& s) {
      s.required(probability_fields, "probability.fields", "class probability fields, named after the classes");
      s.add(mode, "mode", "threshold (two classes) or argmax");
      s.add(positive_class, "positive.class", "the class the threshold applies to (default: last)");
      s.add(threshold, "threshold", "P(positive) >= threshold means positive (default: model's, else 0.5)");
      s.input_file(model, "model", "model file whose own threshold is the default");
      s.add(expected_field, "expected.field", "input field with the true label (optional)");
    }
  };
  explicit ClassifierBolt(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit ClassifierBolt(const ComponentSettings& settings) : ClassifierBolt(read_settings<Settings>(settings)) {}

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
