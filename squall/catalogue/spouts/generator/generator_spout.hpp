#pragma once
// GeneratorSpout (squall.spouts.GeneratorSpout): test data without files. Rows are generated
// from a declared schema and a seed, finite or endless, at a set rate. Row n is a pure function
// of (seed, n), so a failed row is replayed identically without being stored.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "squall/catalogue/spouts/sequence_spout.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::spouts {

/// Each `schema` entry is {name, type, ...}: type `int` or `double` with `min`/`max` (uniform,
/// inclusive for int), `category` with `levels` (uniform, or `weights`), `string` with `prefix`
/// (prefix + row number). Message id = row number.
class GeneratorSpout : public SequenceSpout {
 public:
  /// Throws SettingError for an unknown type, min > max, or a category without levels.
  struct Settings {
    nlohmann::json schema;
    std::int64_t seed = 42;
    std::int64_t count = 0;
    double rows_per_second = 0;
    void describe(SettingsSchema& s) {
      s.required(schema, "schema", "fields: [{name, type: int|double|category|string, min, max, levels, weights}]",
                 SettingType::list);
      s.add(seed, "seed", "the same seed gives the same rows");
      s.add(count, "count", "rows per task; 0 = endless");
      s.add(rows_per_second, "rows.per.second", "rate per task; 0 = unthrottled");
    }
  };
  explicit GeneratorSpout(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit GeneratorSpout(const ComponentSettings& settings) : GeneratorSpout(read_settings<Settings>(settings)) {}

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Row `n` (the same for the same seed, on every machine).
  Values make_tuple(std::int64_t n) const override;

  static void register_in(ComponentRegistry& registry);

 private:
  struct Column {
    std::string name;
    enum Kind { integer, number, category, text } kind;
    double min = 0, max = 1;
    std::vector<std::string> levels;
    std::vector<double> cumulative;  // category weights, cumulative, ending at 1
    std::string prefix;
  };
  std::vector<Column> columns_;
  std::uint64_t seed_;
};

}  // namespace squall::spouts
