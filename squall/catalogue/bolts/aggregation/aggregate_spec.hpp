#pragma once
// Which aggregates an AggregationBolt computes, as a topology file writes them:
// "count", "sum(bytes)", "distinct(user) as users".

#include <string>
#include <string_view>
#include <vector>

namespace squall::aggregation {

enum class AggregateKind { count, sum, min, max, mean, distinct, approx_distinct };

struct AggregateSpec {
  AggregateKind kind = AggregateKind::count;
  /// The input field aggregated; empty for count.
  std::string field;
  /// The output field: the `as` name, else "count" or "<function>_<field>".
  std::string name;

  /// Whether a pane can be subtracted from a window total (reduceByKeyAndWindow's inverse
  /// function): count, sum, mean and exact distinct (kept as value counts) can; min, max and
  /// HyperLogLog cannot, and are combined pane by pane instead.
  bool invertible() const noexcept;
};

/// Parses one aggregate: `count`, `FUNCTION(FIELD)` with FUNCTION one of sum, min, max, mean (or
/// avg), distinct, approx_distinct; optionally followed by `as NAME`. Throws SettingError that
/// quotes `text` and lists the functions.
AggregateSpec parse_aggregate(std::string_view text);

/// Parses each; throws SettingError for a malformed one or two with the same output name.
std::vector<AggregateSpec> parse_aggregates(const std::vector<std::string>& texts);

}  // namespace squall::aggregation
