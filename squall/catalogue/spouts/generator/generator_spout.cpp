#include "squall/catalogue/spouts/generator/generator_spout.hpp"

#include <cmath>

#include <fmt/format.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/detail/seeded_random.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"
#include "squall/api/topology_context.hpp"

namespace squall::spouts {

GeneratorSpout::GeneratorSpout(const Settings& settings)
    : SequenceSpout(settings.count, settings.rows_per_second), seed_(static_cast<std::uint64_t>(settings.seed)) {
  for (const auto& spec : settings.schema) {
    Column c;
    c.name = spec.value("name", "");
    std::string type = spec.value("type", "double");
    if (c.name.empty()) throw SettingError(fmt::format("GeneratorSpout: a schema entry has no name: {}", json_text(spec)));
    if (type == "int" || type == "double") {
      c.kind = type == "int" ? Column::integer : Column::number;
      c.min = spec.value("min", 0.0);
      c.max = spec.value("max", type == "int" ? 100.0 : 1.0);
      if (c.min > c.max) throw SettingError(fmt::format("GeneratorSpout: field '{}': min {} > max {}", c.name, c.min, c.max));
    } else if (type == "category") {
      c.kind = Column::category;
      c.levels = spec.value("levels", std::vector<std::string>{});
      if (c.levels.empty()) throw SettingError(fmt::format("GeneratorSpout: category field '{}' needs 'levels'", c.name));
      auto weights = spec.value("weights", std::vector<double>(c.levels.size(), 1.0));
      if (weights.size() != c.levels.size())
        throw SettingError(fmt::format("GeneratorSpout: field '{}': {} weights for {} levels", c.name, weights.size(), c.levels.size()));
      double total = 0;
      for (double w : weights) total += w;
      double run = 0;
      for (double w : weights) c.cumulative.push_back((run += w) / total);
    } else if (type == "string") {
      c.kind = Column::text;
      c.prefix = spec.value("prefix", c.name + "-");
    } else {
      throw SettingError(fmt::format("GeneratorSpout: field '{}': type '{}' must be int, double, category or string", c.name, type));
    }
    columns_.push_back(std::move(c));
  }
  if (columns_.empty()) throw SettingError("GeneratorSpout: 'schema' declares no field");
}

void GeneratorSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> names;
  for (const auto& c : columns_) names.push_back(c.name);
  declarer.declare(Fields(names));
}

Values GeneratorSpout::make_tuple(std::int64_t n) const {
  Values values;
  values.reserve(columns_.size());
  std::uint64_t state = mix64(seed_ ^ mix64(static_cast<std::uint64_t>(n)));
  for (const auto& c : columns_) {
    state = mix64(state);
    double u = unit_interval(state);
    switch (c.kind) {
      case Column::integer:
        values.emplace_back(static_cast<std::int64_t>(std::floor(c.min + u * (c.max - c.min + 1))));
        break;
      case Column::number: values.emplace_back(c.min + u * (c.max - c.min)); break;
      case Column::category: {
        std::size_t i = 0;
        while (i + 1 < c.cumulative.size() && u >= c.cumulative[i]) ++i;
        values.emplace_back(c.levels[i]);
        break;
      }
      case Column::text: values.emplace_back(c.prefix + std::to_string(n)); break;
    }
  }
  return values;
}

void GeneratorSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<GeneratorSpout>({
      .class_name = "squall.spouts.GeneratorSpout",
      .aliases = {"GeneratorSpout", "TestDataSpout"},
      .description = "rows generated from a schema and a seed (numbers in ranges, categorical levels); finite or endless, at a rate",
  });
}

}  // namespace squall::spouts
