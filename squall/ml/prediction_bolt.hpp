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

/// The model is loaded when the bolt is made, so a broken model fails validation, naming the
/// file. Up to `batch.size` tuples are scored in one call, waiting at most `batch.wait.ms`; each
/// tuple is still anchored and acked alone.
/// Output on "default": passthrough…, label, one probability per class. A tuple whose features
/// do not convert goes to "errors" (the input's values as text, and the reason) and is acked.
class PredictionBolt : public Bolt {
 public:
  /// Loads the model; throws ModelError naming the file.
  struct Settings {
    std::string model;
    std::vector<std::string> passthrough;
    nlohmann::json features = nlohmann::json::object();
    std::string label_field = "predicted";
    std::int64_t batch_size = 1;
    std::int64_t batch_wait_ms = 5;
    void describe(SettingsSchema& s) {
      s.input_file(model, "model", "model file: H2O MOJO (.zip/.mojo), H2O POJO (.java) or XGBoost (.json/.ubj)", true);
      s.add(passthrough, "passthrough", "input fields copied to the output first");
      s.add(features, "features", "feature -> input field, where names differ", SettingType::map);
      s.add(label_field, "label.field", "output field of the predicted label or value");
      s.add(batch_size, "batch.size", "tuples scored per model call");
      s.add(batch_wait_ms, "batch.wait.ms", "longest a tuple waits for its batch to fill");
    }
  };
  explicit PredictionBolt(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit PredictionBolt(const ComponentSettings& settings) : PredictionBolt(read_settings<Settings>(settings)) {}

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
