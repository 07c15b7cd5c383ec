#pragma once
// Keeps the tuples of a windowed bolt and decides when a window is evaluated (Storm's
// WindowManager with its trigger and eviction policies, in one place).

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>

#include "squall/windowing/tuple_window.hpp"
#include "squall/windowing/window_spec.hpp"

namespace squall {

/// Holds the tuples that may still belong to a window, ordered by time, and evaluates windows:
/// - time slide: every window whose end (a multiple of the slide, ms since the epoch) is at or
///   before the time passed to advance_to(); windows holding no tuple are skipped;
/// - count slide (processing time only): on every slide-th tuple added.
/// A time length keeps tuples with end - length <= time < end; a count length keeps the newest
/// `length` tuples with time < end. Memory: the tuples of the current window plus those that
/// arrived since the last evaluation (and, on event time, those ahead of the watermark). A tuple
/// is released (for acking) right after the last window that holds it, when that can be known:
/// always for time lengths and count slides; a count length with a time slide releases at the
/// next evaluation, since how many tuples the next slide brings is unknown.
class WindowManager {
 public:
  /// Receives each evaluation; called from add() or advance_to().
  using Listener = std::function<void(TupleWindow&)>;
  /// Receives each tuple as soon as no later window can hold it (to ack it); the tuple still
  /// shows in the next evaluation's expired list.
  using Release = std::function<void(const Tuple&)>;

  explicit WindowManager(WindowSpec spec, Release release = {}) : spec_(std::move(spec)), release_(std::move(release)) {}

  /// Adds a tuple at `time_ms` (arrival time on processing time, its timestamp on event time;
  /// an event-time caller has already routed late tuples away). May evaluate a count slide.
  void add(Tuple tuple, std::int64_t time_ms, const Listener& listener);
  /// Time reached `now_ms` (the clock on processing time, the watermark on event time): evaluates
  /// every due window of a time slide, oldest first.
  void advance_to(std::int64_t now_ms, const Listener& listener);
  /// Tuples held.
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    Tuple tuple;
    std::int64_t time;
    bool delivered;
  };
  static constexpr std::int64_t kUnset = std::numeric_limits<std::int64_t>::min();
  void evaluate(std::int64_t end_ms, const Listener& listener);
  // After evaluating the window ending at end_ms: the entries no later window holds.
  std::size_t leaving_after(std::int64_t end_ms, std::size_t in_window) const;
  // Entries with time < end_ms: a prefix, since entries are ordered by time.
  std::size_t count_before(std::int64_t end_ms) const;

  WindowSpec spec_;
  Release release_;
  std::deque<Entry> entries_;
  std::vector<Tuple> released_;  // left after the last evaluation; reported as expired by the next
  std::int64_t next_end_ = kUnset;
  std::int64_t added_since_evaluation_ = 0;
};

}  // namespace squall
