#pragma once
// One task of a component, and the table of an executor's tasks: what spout and bolt executors share.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "squall/api/topology_context.hpp"
#include "squall/runtime/routing/task_router.hpp"
#include "squall/runtime/run/run_state.hpp"

namespace squall::runtime {

/// The parts of a task every executor needs: its id, its slot in the executor (0..tasks-1), its
/// context (task ids, config, input streams), its router and its metrics. Neither copied nor
/// moved: collectors keep references to it.
struct Task {
  /// Builds the context and router of task `id` of `component`, whose effective config is `config`.
  Task(RunState& run, const ComponentDef& component, const Config& config, int id, int slot);
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  const int id;
  const int slot;
  TaskMetrics& metrics;
  TopologyContext context;
  TaskRouter router;
};

/// An executor's tasks, found by task id in O(1): a plan gives each executor a contiguous range of
/// task ids (ExecutionPlan), so a task's slot is its id minus the first.
template <class T>
class TaskTable {
 public:
  explicit TaskTable(std::span<const int> task_ids) : first_(task_ids.empty() ? 0 : task_ids.front()) {}

  void add(std::unique_ptr<T> task) { tasks_.push_back(std::move(task)); }
  /// The task with id `task_id`, or nullptr when another executor runs it.
  T* find(int task_id) noexcept {
    auto slot = static_cast<std::size_t>(task_id - first_);
    return slot < tasks_.size() ? tasks_[slot].get() : nullptr;
  }
  T& at_slot(std::size_t slot) noexcept { return *tasks_[slot]; }
  std::size_t size() const noexcept { return tasks_.size(); }
  auto begin() noexcept { return tasks_.begin(); }
  auto end() noexcept { return tasks_.end(); }

 private:
  int first_;
  std::vector<std::unique_ptr<T>> tasks_;
};

}  // namespace squall::runtime
