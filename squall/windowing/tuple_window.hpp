#pragma once
// The tuples of one window evaluation, as a WindowedBolt's execute() receives them (Storm's
// TupleWindow).

#include <cstdint>
#include <vector>

#include "squall/api/tuple.hpp"

namespace squall {

/// One evaluation of a window. All three lists are in time order (arrival order on processing
/// time and for count windows; timestamp order on event time).
struct TupleWindow {
  /// Every tuple in the window.
  std::vector<Tuple> tuples;
  /// The tuples that were not in any earlier evaluation.
  std::vector<Tuple> new_tuples;
  /// The tuples that left the window since the previous evaluation. squall has acked them (as
  /// soon as no later window could hold them).
  std::vector<Tuple> expired;
  /// Time window: [start_ms, end_ms) in ms (arrival time or event time). Count window: the time
  /// of its oldest tuple and the evaluation time.
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;

  const std::vector<Tuple>& get() const noexcept { return tuples; }
  const std::vector<Tuple>& get_new() const noexcept { return new_tuples; }
  const std::vector<Tuple>& get_expired() const noexcept { return expired; }
};

}  // namespace squall
