#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "commands.hpp"
#include "squall/api/tuple_state.hpp"
#include "squall/formats/csv/csv_field.hpp"
#include "squall/formats/csv/csv_reader.hpp"
#include "squall/ml/feature_mapper.hpp"
#include "squall/ml/model.hpp"

namespace squall::cli {

namespace {

struct PredictOptions {
  std::string model, input, output, label;
  std::size_t batch = 1024;
};

int predict(const PredictOptions& o) {
  std::unique_ptr<prediction::Model> model;
  try {
    model = prediction::load_model(o.model);
  } catch (const prediction::ModelError& e) {
    std::cerr << e.what() << "\n";
    return kInvalidTopology;
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(o.input, ec)) {  // /dev/zero, a FIFO: would be read without end
    std::cerr << o.input << ": not a regular file; give a CSV file\n";
    return kUsage;
  }
  std::ifstream in(o.input, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string data = text.str();
  spouts::CsvReader reader(data);
  auto header = reader.next();
  if (!header || !header->error.empty()) {
    std::cerr << o.input << ":1: no readable header row\n";
    return kInvalidTopology;
  }
  const detail::StreamSchema* schema = nullptr;
  try {
    schema = detail::intern_schema({"input", "default", Fields(header->fields), false});
  } catch (const Error& e) {  // a repeated column name ("a,a")
    std::cerr << fmt::format("{}:1: bad header: {}\n", o.input, e.what());
    return kInvalidTopology;
  }
  std::optional<prediction::FeatureMapper> mapper;
  try {
    mapper.emplace(*model, schema->fields, std::unordered_map<std::string, std::string>{}, o.model);
  } catch (const prediction::ModelError& e) {
    std::cerr << e.what() << "\n";
    return kInvalidTopology;
  }
  std::optional<std::size_t> label_column;
  if (!o.label.empty()) {
    label_column = schema->fields.find(o.label);
    if (!label_column) {
      std::cerr << fmt::format("--label {}: the input has no such column ({})\n", o.label, schema->fields.to_string());
      return kUsage;
    }
  }
  std::ofstream file;
  if (!o.output.empty()) file.open(o.output, std::ios::binary);
  std::ostream& out = o.output.empty() ? std::cout : file;
  out << "predicted";
  for (const auto& c : model->classes()) out << "," << spouts::csv_field(c);
  out << "\n";

  const std::size_t n_features = model->features().size(), outputs = model->outputs();
  std::vector<double> rows(o.batch * n_features), scores(o.batch * outputs);
  std::vector<std::string> labels;
  std::size_t total = 0, labelled = 0, correct = 0, malformed = 0, batch = 0;
  auto flush = [&] {
    model->predict(rows.data(), batch, scores.data());
    for (std::size_t r = 0; r < batch; ++r) {
      const double* s = scores.data() + r * outputs;
      std::string predicted;
      if (model->classes().empty()) {
        predicted = fmt::format("{}", s[0]);
      } else {
        std::size_t pick = model->classes().size() == 2 ? (s[1] >= model->default_threshold() ? 1 : 0)
                                                        : static_cast<std::size_t>(std::max_element(s, s + outputs) - s);
        predicted = model->classes()[pick];
      }
      out << spouts::csv_field(predicted);
      for (std::size_t c = 0; c < outputs && !model->classes().empty(); ++c) out << fmt::format(",{}", s[c]);
      out << "\n";
      if (label_column && !labels[r].empty()) ++labelled, correct += labels[r] == predicted;
    }
    batch = 0;
    labels.clear();
  };
  while (auto record = reader.next()) {
    if (!record->error.empty() || record->fields.size() != schema->fields.size()) {
      std::cerr << fmt::format("{}:{}: malformed row skipped ({})\n", o.input, record->line,
                               record->error.empty() ? fmt::format("{} fields, expected {}", record->fields.size(), schema->fields.size()) : record->error);
      ++malformed;
      continue;
    }
    auto state = std::make_shared<detail::TupleState>();
    state->schema = schema;
    for (auto& f : record->fields) state->values.emplace_back(std::move(f));
    Tuple tuple(state);
    std::string problem = mapper->map(tuple, rows.data() + batch * n_features);
    if (!problem.empty()) {
      std::cerr << fmt::format("{}:{}: row skipped: {}\n", o.input, record->line, problem);
      ++malformed;
      continue;
    }
    labels.push_back(label_column ? state->values[*label_column].as_string() : std::string());
    ++total;
    if (++batch == o.batch) flush();
  }
  if (batch) flush();
  std::cerr << fmt::format("scored {} rows with {} ({} skipped)", total, model->kind(), malformed);
  if (labelled) std::cerr << fmt::format("; accuracy against '{}': {:.4f} ({} of {})", o.label, double(correct) / double(labelled), correct, labelled);
  std::cerr << "\n";
  return malformed ? kInvalidTopology : kOk;
}

}  // namespace

void add_predict_command(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("predict", "score a CSV file with a model, as the prediction bolt would");
  auto o = std::make_shared<PredictOptions>();
  command->add_option("--model", o->model, "H2O MOJO (.zip/.mojo), H2O POJO (.java) or XGBoost model (.json/.ubj)")->required()->check(CLI::ExistingFile);
  command->add_option("--input", o->input, "CSV with a header naming the features")->required()->check(CLI::ExistingFile);
  command->add_option("--output", o->output, "CSV to write (default: stdout): predicted, then one probability per class");
  command->add_option("--label", o->label, "column with the true label: prints the accuracy");
  command->callback([o, &exit_code] { exit_code = predict(*o); });
}

}  // namespace squall::cli
