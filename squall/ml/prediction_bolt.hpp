#pragma once
// PredictionBolt (squall.bolts.PredictionBolt): scores each tuple with a model (an H2O MOJO or an
// XGBoost model) and emits the pass-through fields, the predicted label and one probability field
// per class (named after the class), or the regression value.

#include <chrono>
#include <memory>
#include <unordered_map>
#include <vector>

#include "squall/ml/feature_mapper.hpp"
#include "squall/ml/model.hpp"
#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::prediction {

/// Settings:
/// - `model` (string): the model file, loaded when the bolt is made (so a broken model fails
///   validation, naming the file);
/// - `passthrough` (list<string>): input fields copied to the output first;
/// - `features` (map feature → field): input fields named differently from the features;
/// - `label.field` (string, default "predicted"): the output field of the label (or value);
/// - `batch.size` (int, default 1) and `batch.wait.ms` (int, default 5): score up to that many
///   tuples in one call, waiting at most that long. Each tuple is still anchored and acked alone.
/// Output on "default": passthrough…, label, one probability per class. A tuple whose features
/// do not convert goes to "errors" (the input's values as text, and the reason) and is acked.
class PredictionBolt : public Bolt {
 public:
  /// Loads the model; throws ModelError naming the file.
  explicit PredictionBolt(const ComponentSettings& settings);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Maps the features onto the input fields; throws ModelError naming a missing field.
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  void cleanup() override;
  /// Ticks every batch.wait.ms when batching, to flush a partial batch.
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

 private:
  /// How tuples of one input stream become feature rows and pass-through values.
  struct InputRoute {
    FeatureMapper mapper;
    std::vector<std::size_t> passthrough;  // field indexes
  };
  /// The route for `fields`, checked: throws ModelError naming a missing feature or field.
  InputRoute make_route(const Fields& fields, const std::string& component, const std::string& stream) const;
  /// The route of `input`'s stream, found by its schema (no string keys per tuple).
  const InputRoute& route_of(const Tuple& input);
  void flush();
  std::string label_of(const double* scores) const;

  std::string model_path_;
  std::shared_ptr<Model> model_;
  std::vector<std::string> passthrough_;
  std::unordered_map<std::string, std::string> renames_;
  std::string label_field_;
  std::size_t batch_size_;
  std::chrono::milliseconds batch_wait_;

  OutputCollector* collector_ = nullptr;
  std::unordered_map<std::string, InputRoute> routes_;  // by "component/stream"
  /// By the input's (interned, so never reused) schema address: no string lookups per tuple.
  std::unordered_map<const void*, const InputRoute*> routes_by_schema_;
  std::vector<Tuple> batch_;
  std::vector<const InputRoute*> batch_routes_;
  std::vector<double> rows_;
  std::vector<double> scores_;
  std::chrono::steady_clock::time_point batch_started_{};
};

}  // namespace squall::prediction
