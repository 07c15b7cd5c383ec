#pragma once
// Barrier alignment for exactly-once state (Chandy and Lamport's snapshot as Flink aligns it:
// Carbone et al., "Lightweight Asynchronous Snapshots for Distributed Dataflows", 2015): once a
// checkpoint tuple has come from some input tasks, their later tuples belong after the checkpoint
// and wait until it has come from every input task. For a ROLLBACK, tuples from tasks that have
// not sent it yet were emitted before the spouts rewound: they are dropped, as the rewind sends
// them again.

#include <cstdint>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "squall/api/tuple.hpp"
#include "squall/state/checkpoint_state.hpp"

namespace squall::state {

class BarrierAlignment {
 public:
  /// `inputs`: how many tasks send this bolt checkpoint tuples (at least 1).
  explicit BarrierAlignment(int inputs) : inputs_(inputs) {}

  /// A copy of (txid, action) from input task `task`; true when it is the last awaited. A copy of
  /// another checkpoint than the one aligning abandons that one (it failed upstream and will not
  /// come from every task): its held tuples go to `released`, to be processed before anything else.
  /// While a ROLLBACK aligns, another step from a task that has not sent the ROLLBACK is stale
  /// (sent before that task rewound) and is ignored (false).
  bool arrive(int task, std::int64_t txid, CheckpointAction action, std::vector<Tuple>& released);

  enum class Route { process, hold, drop };
  /// What to do with a data tuple from `task` now.
  Route route(int task) const;
  void hold(Tuple tuple) { held_.push_back(std::move(tuple)); }
  /// Ends the alignment once the step ran: the held tuples, in arrival order.
  std::vector<Tuple> finish();

  bool aligning() const noexcept { return current_.has_value(); }
  int inputs() const noexcept { return inputs_; }

 private:
  int inputs_;
  std::optional<std::pair<std::int64_t, CheckpointAction>> current_;
  std::set<int> arrived_;
  std::vector<Tuple> held_;
};

}  // namespace squall::state
