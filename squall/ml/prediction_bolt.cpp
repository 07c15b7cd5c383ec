#include "squall/ml/prediction_bolt.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/stream_ids.hpp"

namespace squall::prediction {

namespace {
std::string stream_key(const std::string& component, const std::string& stream) { return component + "/" + stream; }
}  // namespace

PredictionBolt::PredictionBolt(const Settings& settings)
    : model_path_(settings.model),
      model_(load_model(model_path_)),
      passthrough_(settings.passthrough),
      label_field_(settings.label_field),
      batch_size_(static_cast<std::size_t>(std::max<std::int64_t>(1, settings.batch_size))),
      batch_wait_(settings.batch_wait_ms) {
  for (const auto& [feature, field] : settings.features.items()) {
    if (!field.is_string()) throw SettingError(fmt::format("PredictionBolt: features.{} must name an input field", feature));
    renames_[feature] = field.get<std::string>();
  }
}

void PredictionBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields = passthrough_;
  fields.push_back(label_field_);
  for (const auto& c : model_->classes()) fields.push_back(c);
  declarer.declare(Fields(fields));
  declarer.declare_stream(kErrorsStream, Fields{"record", "reason"});
}

PredictionBolt::InputRoute PredictionBolt::make_route(const Fields& fields, const std::string& component,
                                                     const std::string& stream) const {
  InputRoute route{FeatureMapper(*model_, fields, renames_, model_path_), {}};
  for (const auto& f : passthrough_) {
    auto i = fields.find(f);
    if (!i)
      throw ModelError(fmt::format("passthrough field '{}' is not in stream '{}' of '{}' (fields: {})", f, stream, component,
                                   fields.to_string()));
    route.passthrough.push_back(*i);
  }
  return route;
}

const PredictionBolt::InputRoute& PredictionBolt::route_of(const Tuple& input) {
  const void* schema = input.stream_identity();
  if (auto hit = routes_by_schema_.find(schema); hit != routes_by_schema_.end()) return *hit->second;
  const std::string& component = input.source_component();
  const std::string& stream = input.source_stream();
  auto it = routes_.find(stream_key(component, stream));
  if (it == routes_.end())  // a stream prepare() did not know of
    it = routes_.emplace(stream_key(component, stream), make_route(input.fields(), component, stream)).first;
  routes_by_schema_.emplace(schema, &it->second);
  return it->second;
}

void PredictionBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  collector_ = &collector;
  for (const auto& in : context.inputs())
    routes_.emplace(stream_key(in.component, in.stream), make_route(in.fields, in.component, in.stream));
  rows_.resize(batch_size_ * model_->features().size());
  scores_.resize(batch_size_ * model_->outputs());
  batch_.reserve(batch_size_);
  batch_routes_.reserve(batch_size_);
  spdlog::debug("PredictionBolt: {} model '{}', {} features, classes [{}]", model_->kind(), model_path_,
                model_->features().size(), fmt::join(model_->classes(), ", "));
}

void PredictionBolt::execute(const Tuple& input) {
  if (input.is_tick()) {
    if (!batch_.empty() && std::chrono::steady_clock::now() - batch_started_ >= batch_wait_) flush();
    collector_->ack(input);
    return;
  }
  const InputRoute& route = route_of(input);
  double* row = rows_.data() + batch_.size() * model_->features().size();
  std::string problem = route.mapper.map(input, row);
  if (!problem.empty()) {
    collector_->emit(kErrorsStream, input, {input.to_string(), problem});
    collector_->report_error(problem);
    collector_->ack(input);
    return;
  }
  if (batch_.empty()) batch_started_ = std::chrono::steady_clock::now();
  batch_.push_back(input);
  batch_routes_.push_back(&route);
  if (batch_.size() >= batch_size_ || std::chrono::steady_clock::now() - batch_started_ >= batch_wait_) flush();
}

std::string PredictionBolt::label_of(const double* scores) const {
  const auto& classes = model_->classes();
  if (classes.size() == 2) return scores[1] >= model_->default_threshold() ? classes[1] : classes[0];
  return classes[static_cast<std::size_t>(std::max_element(scores, scores + classes.size()) - scores)];
}

void PredictionBolt::flush() {
  const std::size_t n = batch_.size();
  const std::size_t outputs = model_->outputs();
  try {
    model_->predict(rows_.data(), n, scores_.data());
  } catch (const std::exception& e) {
    collector_->report_error(e.what());
    for (const auto& t : batch_) collector_->fail(t);
    batch_.clear();
    batch_routes_.clear();
    return;
  }
  for (std::size_t r = 0; r < n; ++r) {
    const Tuple& t = batch_[r];
    const double* scores = scores_.data() + r * outputs;
    Values out;
    out.reserve(passthrough_.size() + 1 + model_->classes().size());
    for (std::size_t i : batch_routes_[r]->passthrough) out.push_back(t.get(i));
    if (model_->classes().empty()) {
      out.emplace_back(scores[0]);
    } else {
      out.emplace_back(label_of(scores));
      for (std::size_t c = 0; c < outputs; ++c) out.emplace_back(scores[c]);
    }
    collector_->emit(t, std::move(out));
    collector_->ack(t);
  }
  batch_.clear();
  batch_routes_.clear();
}

void PredictionBolt::cleanup() {
  // Tuples still batched are neither acked nor failed: they time out and are replayed.
  batch_.clear();
  batch_routes_.clear();
}

Config PredictionBolt::component_configuration() const {
  Config c;
  if (batch_size_ > 1) c.set(config_keys::kTickTupleFreqSecs, std::max(0.001, static_cast<double>(batch_wait_.count()) / 1000.0));
  return c;
}

void PredictionBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<PredictionBolt>({
      .class_name = "squall.bolts.PredictionBolt",
      .aliases = {"PredictionBolt"},
      .description = "scores tuples with an H2O MOJO or XGBoost model; emits passthrough fields, the label and class probabilities",
      .constructor_args = {"model"},
  });
}

}  // namespace squall::prediction
