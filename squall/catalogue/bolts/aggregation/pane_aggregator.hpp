#pragma once
// Keyed aggregates over sliding or tumbling windows, computed incrementally from panes
// (Li, Maier, Tufte, Papadimos, Tucker, "No pane, no gain", SIGMOD Record 2005).

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "squall/catalogue/bolts/aggregation/key_table.hpp"
#include "squall/windowing/window_spec.hpp"

namespace squall::aggregation {

/// One window evaluation.
struct WindowResult {
  std::int64_t start = 0, end = 0;  ///< [start, end): ms, or tuple sequence numbers for count windows
  const KeyTable* keys = nullptr;   ///< every key with at least one tuple in the window
  /// Per key (by encoding): the tracked tuples that entered the window with this evaluation.
  const std::unordered_map<std::string, std::vector<Tuple>>* entered = nullptr;
};

/// Splits time into panes of gcd(length, slide) and keeps one KeyTable per pane. A window is the
/// panes [end - length, end) for each end that is a multiple of the slide. Time windows take ms
/// (arrival or event time); count windows number the tuples 0, 1, 2, ... and evaluate on every
/// slide-th tuple. A window's result is maintained incrementally:
/// - every aggregate invertible: the panes that enter are merged into the window total and the
///   panes that leave subtracted (reduceByKeyAndWindow with an inverse function);
/// - otherwise: Two-Stacks (Tangwongsan, Hirzel, Schneider, "General incremental sliding-window
///   aggregation", VLDB 2015): amortised O(1) pane merges per slide.
/// Either way the work per slide grows with the keys in a slide, not with the window length.
/// Tracked tuples stay in their pane and are handed to `expire` right after the last window that
/// holds the pane is evaluated. Mixed windows (count length with time slide, or the reverse) are not
/// supported: the constructor throws std::invalid_argument.
class PaneAggregator {
 public:
  using Evaluate = std::function<void(const WindowResult&)>;
  using Expire = std::function<void(Tuple&)>;

  PaneAggregator(const WindowSpec& spec, std::vector<AggregateSpec> aggregates, int hll_precision);

  /// Folds in one tuple of key `code` (append_key() encoding of `key`) with one input value per
  /// aggregate (ignored for count). `time_ms` is ignored by count windows. `hold` (may be
  /// invalid) is kept until its pane expires. A count window may evaluate here.
  void add(std::int64_t time_ms, const std::string& code, const Values& key, std::span<const Value* const> inputs,
           Tuple hold, const Evaluate& evaluate, const Expire& expire);
  /// Evaluates every window of a time slide ending at or before `now_ms`.
  void advance_to(std::int64_t now_ms, const Evaluate& evaluate, const Expire& expire);

  std::span<const AggregateSpec> aggregates() const noexcept { return specs_; }
  bool count_window() const noexcept { return count_; }
  /// Panes held; for tests of bounded memory.
  std::size_t panes() const noexcept { return panes_.size(); }

  /// What a checkpoint keeps (the panes and where the windows are); the window totals are derived
  /// from the panes again after restore().
  const std::map<std::int64_t, KeyTable>& pane_tables() const noexcept { return panes_; }
  std::int64_t next_end() const noexcept { return next_end_; }
  std::int64_t sequence() const noexcept { return sequence_; }
  /// The panes added to since the last call (some may have expired since).
  std::set<std::int64_t> take_touched() { return std::exchange(touched_, {}); }
  /// Goes back to panes and progress a checkpoint kept; tuples held are dropped.
  void restore(std::map<std::int64_t, KeyTable> panes, std::int64_t next_end, std::int64_t sequence);
  /// Back to the start: no pane, no window evaluated.
  void reset() { restore({}, kUnset, 0); }

 private:
  static constexpr std::int64_t kUnset = std::numeric_limits<std::int64_t>::min();
  void evaluate(std::int64_t end, const Evaluate& evaluate, const Expire& expire);
  void drop_pane(std::int64_t index, const Expire& expire);
  void slide_inverse(std::int64_t lo, std::int64_t hi, const Expire& expire);
  void slide_two_stacks(std::int64_t lo, std::int64_t hi, const Expire& expire);
  void flip();

  std::vector<AggregateSpec> specs_;
  int hll_precision_;
  bool count_;
  bool invertible_;
  std::int64_t length_, slide_, pane_;
  std::map<std::int64_t, KeyTable> panes_;  // by pane index
  std::int64_t next_end_ = kUnset;
  std::int64_t sequence_ = 0;  // count windows: tuples added
  // Panes [merged_lo_, merged_hi_) are in the window total.
  std::int64_t merged_lo_ = 0, merged_hi_ = 0;
  KeyTable window_;  // the window total (inverse path)
  // Two-Stacks: back panes (oldest first) with their running total; front: the older panes, each
  // with the total of itself and every newer front pane, the oldest last.
  std::vector<std::int64_t> back_;
  KeyTable back_total_;
  std::vector<std::pair<std::int64_t, KeyTable>> front_;
  KeyTable result_;
  std::unordered_map<std::string, std::vector<Tuple>> entered_;
  std::set<std::int64_t> touched_;
};

}  // namespace squall::aggregation
