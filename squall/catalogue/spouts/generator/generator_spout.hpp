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

/// Settings: `schema` (list of {name, type, ...}): type `int` or `double` with `min`/`max`
/// (uniform, inclusive for int), `category` with `levels` (uniform, or `weights`), `string` with
/// `prefix` (prefix + row number); `seed` (int, default 42); `count` (rows per task, 0 = endless);
/// `rows.per.second` (per task, 0 = unthrottled). Message id = row number.
class GeneratorSpout : public SequenceSpout {
 public:
  /// Throws SettingError for an unknown type, min > max, or a category without levels.
  explicit GeneratorSpout(const ComponentSettings& settings);

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
