#include "squall/runtime/routing/task_router.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/errors.hpp"

namespace squall::runtime {

TaskRouter::TaskRouter(const ExecutionPlan& plan, const ComponentDef& component, int task_id, TaskMetrics& metrics)
    : plan_(plan), component_(component) {
  const int executor = plan.executor_of(task_id);
  for (const auto& [stream, route] : plan.routes_of(component.id)) {
    StreamGroupers sg{&route, {}, &metrics.stream_counts(stream)};
    for (const auto& sub : route.subscribers) {
      // A subscriber chained to this executor gets what this executor emits: a shuffle over the
      // tasks of its paired executor (plan/chaining.cpp).
      const ExecutorPlan* chained = plan.chained_child(executor, *sub.target);
      const std::vector<int>& targets = chained ? chained->tasks : sub.target_tasks;
      groupings::GrouperSpec spec{&sub.subscription->grouping,
                                  &route.schema->fields,
                                  targets,
                                  targets,  // one worker: every target is local
                                  task_id,
                                  GroupingContext{component.id, stream, &route.schema->fields, sub.target->id}};
      sg.groupers.push_back(groupings::make_grouper(spec));
    }
    if (stream == kDefaultStream) default_route_ = &route;
    streams_.push_back(std::move(sg));
  }
}

void TaskRouter::throw_undeclared(std::string_view stream) const {
  std::vector<std::string> names;
  for (const auto& sg : streams_) names.push_back(sg.route->schema->stream);
  throw TopologyError(fmt::format("component '{}' emitted on stream '{}', which it does not declare (declared: {})",
                                  component_.id, stream, fmt::join(names, ", ")));
}

void TaskRouter::check_values(const StreamRoute& route, const Values& values) const {
  if (values.size() != route.schema->fields.size())
    throw TopologyError(fmt::format("component '{}' emitted {} values on stream '{}', which declares {} fields {}",
                                    component_.id, values.size(), route.schema->stream,
                                    route.schema->fields.size(), route.schema->fields.to_string()));
}

void TaskRouter::throw_unroutable(const StreamRoute& route, const Values& values) const {
  check_values(route, values);
  throw TopologyError(fmt::format("component '{}': stream '{}' is direct; use emit_direct", component_.id,
                                  route.schema->stream));
}

void TaskRouter::check_direct(const StreamRoute& route, int task, const Values& values) const {
  check_values(route, values);
  if (!route.schema->direct)
    throw TopologyError(fmt::format("component '{}': emit_direct on stream '{}', which is not declared direct",
                                    component_.id, route.schema->stream));
  for (const auto& sub : route.subscribers)
    if (std::binary_search(sub.target_tasks.begin(), sub.target_tasks.end(), task)) {
      for (const auto& sg : streams_)
        if (sg.route == &route) {
          sg.counts->emitted.add();
          sg.counts->transferred.add();
        }
      return;
    }
  throw TopologyError(fmt::format("component '{}': emit_direct to task {}, which does not subscribe to stream '{}'",
                                  component_.id, task, route.schema->stream));
}

}  // namespace squall::runtime
