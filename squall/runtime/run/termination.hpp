#pragma once
// Termination detection, shared by the in-process run (over its executors' counters) and the
// supervisor (over its workers' heartbeats): Mattern's four-counter method (F. Mattern,
// "Algorithms for distributed termination detection", Distributed Computing 2(3), 1987).

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace squall::runtime {

/// Monotonic counters of one part of a run (an executor, or a whole worker), or their sum.
struct RunTotals {
  std::uint64_t sent = 0;       ///< envelopes handed to an outbox
  std::uint64_t processed = 0;  ///< envelopes taken out of an inbox and handled
  std::uint64_t pending = 0;    ///< spout tuples tracked and not yet acked or failed
  bool spouts_exhausted = true;  ///< every spout task reports Spout::exhausted() with nothing pending
  bool operator==(const RunTotals&) const = default;
};

/// One observation of every part: each read once, in any order, while the run goes on.
struct Wave {
  std::vector<std::pair<int, RunTotals>> parts;  ///< (executor index or worker pid, its counters)
  RunTotals sum;
  void add(int part, const RunTotals& totals) {
    parts.emplace_back(part, totals);
    sum.sent += totals.sent;
    sum.processed += totals.processed;
    sum.pending += totals.pending;
    sum.spouts_exhausted = sum.spouts_exhausted && totals.spouts_exhausted;
  }
};

/// What "quiet" means for one question.
struct QuiescenceRule {
  bool need_exhausted = false;  ///< complete (every spout exhausted) rather than drained
  /// A worker died since the start: envelopes sent to it were never processed, so sent ≠ processed
  /// forever; nothing pending then decides (a lost tuple's tree fails on its spout's timeout).
  bool sends_may_be_lost = false;
  bool holds(const Wave& w) const {
    return w.sum.pending == 0 && (!need_exhausted || w.sum.spouts_exhausted) &&
           (sends_may_be_lost || w.sum.sent == w.sum.processed);
  }
};

/// The four-counter test: true when `first` holds `rule` and the wave `second_after()` returns,
/// observed wholly after `first` was complete, holds it too and equals it part by part: no
/// envelope can then have moved between the two waves unseen. `second_after` returns nullopt
/// when it cannot observe a second wave (e.g. a worker's heartbeat did not come in time).
template <typename SecondWave>
bool quiescent_across_two_waves(const QuiescenceRule& rule, const std::optional<Wave>& first,
                                SecondWave&& second_after) {
  if (!first || !rule.holds(*first)) return false;
  std::optional<Wave> second = std::forward<SecondWave>(second_after)();
  return second && rule.holds(*second) && second->parts == first->parts;
}

}  // namespace squall::runtime
