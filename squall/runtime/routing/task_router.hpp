#pragma once
// Where a task's emits go: its output streams, a grouper per subscriber, and value checks.

#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "squall/api/stream_ids.hpp"
#include "squall/runtime/metrics/task_metrics.hpp"
#include "squall/runtime/plan/execution_plan.hpp"
#include "squall/runtime/routing/grouper.hpp"

namespace squall::runtime {

class TaskRouter {
 public:
  /// Counts each stream's emits into `metrics` (TaskMetrics::stream_counts).
  TaskRouter(const ExecutionPlan& plan, const ComponentDef& component, int task_id, TaskMetrics& metrics);

  /// The route of `stream`. Throws TopologyError when the component did not declare it.
  /// Inline, with the error out of line: it runs once per emit.
  const StreamRoute& route(std::string_view stream) const {
    // Most emits go to kDefaultStream: a compare of its constant length is inlined as two loads
    // instead of a call to memcmp (5 % of a chained pipeline).
    if (default_route_ && stream.size() == kDefaultStream.size() &&
        std::memcmp(stream.data(), kDefaultStream.data(), kDefaultStream.size()) == 0)
      return *default_route_;
    for (const auto& sg : streams_)
      if (sg.route->schema->stream == stream) return *sg.route;
    throw_undeclared(stream);
  }
  /// Checks `values` against the stream's fields and picks the target tasks, and counts the
  /// emit and its copies on the stream. The span is valid until the next call. Throws
  /// TopologyError on a value count mismatch or an emit on a direct stream.
  std::span<const int> choose(const StreamRoute& route, const Values& values) {
    if (values.size() != route.schema->fields.size() || route.schema->direct) throw_unroutable(route, values);
    targets_.clear();
    for (auto& sg : streams_)
      if (sg.route == &route) {
        for (auto& g : sg.groupers) g->choose_tasks(values, targets_);
        sg.counts->emitted.add();
        sg.counts->transferred.add(targets_.size());
      }
    return targets_;
  }
  /// Checks that `task` subscribes to the direct stream, and counts the emit. Throws
  /// TopologyError otherwise.
  void check_direct(const StreamRoute& route, int task, const Values& values) const;

 private:
  void check_values(const StreamRoute& route, const Values& values) const;
  [[noreturn]] void throw_undeclared(std::string_view stream) const;
  [[noreturn]] void throw_unroutable(const StreamRoute& route, const Values& values) const;
  const ExecutionPlan& plan_;
  const ComponentDef& component_;
  struct StreamGroupers {
    const StreamRoute* route;
    std::vector<std::unique_ptr<groupings::Grouper>> groupers;
    TaskMetrics::StreamCounts* counts;
  };
  std::vector<StreamGroupers> streams_;
  const StreamRoute* default_route_ = nullptr;  ///< of kDefaultStream, when declared
  std::vector<int> targets_;
};

}  // namespace squall::runtime
