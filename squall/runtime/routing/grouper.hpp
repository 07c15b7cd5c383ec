#pragma once
// The runtime form of a grouping: picks target tasks for each emitted tuple.

#include <memory>
#include <vector>

#include "squall/api/fields.hpp"
#include "squall/api/grouping.hpp"

namespace squall::groupings {

/// Chooses the receiving tasks of one subscription for one emitting task. Not thread-safe: each
/// emitting task owns its groupers.
class Grouper {
 public:
  virtual ~Grouper() = default;
  /// Appends the chosen task ids to `out` (which the caller clears).
  virtual void choose_tasks(const Values& values, std::vector<int>& out) = 0;
};

/// Everything needed to build a Grouper.
struct GrouperSpec {
  const Grouping* grouping;
  const Fields* source_fields;
  std::vector<int> target_tasks;  ///< ascending
  std::vector<int> local_tasks;   ///< targets in the emitter's worker (local_or_shuffle)
  int source_task;
  GroupingContext context;
};

/// Builds the grouper of `spec`. Throws TopologyError for key fields the source stream lacks.
std::unique_ptr<Grouper> make_grouper(const GrouperSpec& spec);

}  // namespace squall::groupings
