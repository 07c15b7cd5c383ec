#pragma once
// The running state of one aggregate for one key over a pane or a window.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "squall/catalogue/bolts/aggregation/aggregate_spec.hpp"
#include "squall/catalogue/bolts/aggregation/hyperloglog.hpp"
#include "squall/catalogue/bolts/aggregation/state_bytes.hpp"
#include "squall/api/value.hpp"

namespace squall::aggregation {

/// One aggregate's state. The spec is passed to each call rather than stored, to keep a key's
/// states small (24 bytes each plus the distinct set or sketch when used). Nil inputs are
/// skipped, as SQL skips NULL; other inputs of sum/min/max/mean must be numbers (check with
/// accepts() first).
class Accumulator {
 public:
  Accumulator() = default;
  Accumulator(const Accumulator& other) { *this = other; }
  Accumulator& operator=(const Accumulator& other);
  Accumulator(Accumulator&&) noexcept = default;
  Accumulator& operator=(Accumulator&&) noexcept = default;

  /// Whether `input` can be added: nil or a number for the numeric aggregates; anything else.
  static bool accepts(const AggregateSpec& spec, const Value& input) noexcept;
  /// Adds one input (ignored for count).
  void add(const AggregateSpec& spec, const Value& input, int hll_precision);
  /// Folds `other` (the same aggregate over other tuples) in.
  void merge(const AggregateSpec& spec, const Accumulator& other);
  /// Takes `other`, previously merged in, out again. Only for spec.invertible().
  void subtract(const AggregateSpec& spec, const Accumulator& other);
  /// The aggregate's value: count and distinct counts as int, the rest as double; nil for the
  /// min, max or mean of no values.
  Value result(const AggregateSpec& spec) const;
  /// Appends the whole state (for a checkpoint).
  void write(ByteWriter& out) const;
  /// An accumulator as write() left it. Throws StateError for truncated bytes.
  static Accumulator read(ByteReader& in);

 private:
  std::int64_t n_ = 0;  // inputs counted (non-nil)
  double x_ = 0;        // sum, min or max
  std::unique_ptr<std::unordered_map<std::string, std::int64_t>> distinct_;
  std::unique_ptr<HyperLogLog> sketch_;
};

}  // namespace squall::aggregation
