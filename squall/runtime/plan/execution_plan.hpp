#pragma once
// Turns a Topology into tasks and executors: who runs what, and who receives which stream.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/tuple_state.hpp"
#include "squall/api/topology.hpp"

namespace squall::runtime {

/// One executor (thread): a set of tasks of one component, or an acker.
struct ExecutorPlan {
  int index = 0;
  int worker = 0;  ///< the worker process that runs it (0 in a one-process run)
  const ComponentDef* component = nullptr;  ///< nullptr for an acker
  std::vector<int> tasks;
  /// Chaining (squall.topology.chaining, plan/chaining.cpp): the upstream executor this one is
  /// chained to, and the executor whose thread runs the whole chain; both -1 when it runs its own
  /// thread.
  int chain_parent = -1;
  int thread_host = -1;
  bool own_thread() const noexcept { return thread_host < 0; }
  bool is_acker() const noexcept { return component == nullptr; }
  bool is_spout() const noexcept { return component && component->kind == ComponentDef::Kind::spout; }
};

/// A subscriber of one (component, stream).
struct StreamSubscriber {
  const ComponentDef* target;
  const Subscription* subscription;
  std::vector<int> target_tasks;
};

/// A component's declared output stream, shared by its tuples, with its subscribers.
struct StreamRoute {
  const detail::StreamSchema* schema;  // interned
  std::vector<StreamSubscriber> subscribers;
};

/// Task ids start at 1 and follow the order in which components were declared; acker tasks
/// come last. Each component's tasks are split into `parallelism` contiguous executor groups.
/// With `topology.workers` N > 1 executors go to workers round-robin in that order (Storm's even
/// scheduler), so consecutive stages land in different workers. Bolts subscribed one-to-one are
/// then chained to their upstream executors (chaining.cpp). Throws TopologyError for a worker
/// count below 1.
class ExecutionPlan {
 public:
  ExecutionPlan(std::string topology_name, Config config, Topology topology);

  const std::string& topology_name() const noexcept { return name_; }
  const Config& config() const noexcept { return config_; }
  const Topology& topology() const noexcept { return topology_; }
  const std::vector<ExecutorPlan>& executors() const noexcept { return executors_; }
  int executor_of(int task) const { return task_executor_.at(static_cast<std::size_t>(task)); }
  /// Worker processes (1 = everything in this process).
  int workers() const noexcept { return workers_; }
  /// Storm's even scheduler within a topology: executor `executor` of a topology spread over
  /// `workers` workers runs in worker executor % workers, as the (executor / workers)-th of its
  /// executors there. Nimbus places executors by the same rule.
  static int worker_of_executor(int executor, int workers) noexcept { return executor % workers; }
  /// The executors a component of `parallelism` and `tasks` runs on: parallelism, at most its
  /// tasks, at least 1 (Storm: an executor runs one or more tasks).
  static int executors_of(int parallelism, int tasks) noexcept { return std::max(1, std::min(parallelism, tasks)); }
  static int position_in_worker(int executor, int workers) noexcept { return executor / workers; }
  int worker_of_executor(int executor) const { return executors_.at(static_cast<std::size_t>(executor)).worker; }
  /// The component of `task`, or "__acker".
  const std::string& component_of(int task) const { return task_component_.at(static_cast<std::size_t>(task)); }
  int task_count() const noexcept { return static_cast<int>(task_executor_.size()) - 1; }
  /// The component of every task, by task id: one map, shared by every task's TopologyContext
  /// (a copy per task would cost tasks² entries).
  const std::shared_ptr<const std::map<int, std::string>>& task_to_component() const noexcept { return task_to_component_; }
  const std::vector<int>& tasks_of(const std::string& component) const { return component_tasks_.at(component); }
  const std::vector<int>& acker_tasks() const noexcept { return acker_tasks_; }
  bool acking() const noexcept { return !acker_tasks_.empty(); }
  /// The acker task responsible for `root` (a stable mix of the root mod the acker count).
  int acker_for(std::uint64_t root) const noexcept;
  /// Output streams of `component`, keyed by stream id.
  const std::map<std::string, StreamRoute, std::less<>>& routes_of(const std::string& component) const {
    return routes_.at(component);
  }
  /// The schema of (component, stream), or nullptr when the topology declares no such stream
  /// (decoding a frame from another worker looks streams up by name).
  const detail::StreamSchema* find_schema(std::string_view component, std::string_view stream) const;
  /// The executors chained to executor `host` (thread_host == host), upstream ones first.
  std::vector<int> chained_to(int host) const;
  /// The executor of `target` chained to executor `source`, or nullptr.
  const ExecutorPlan* chained_child(int source, const ComponentDef& target) const;
  /// The config a task of `component` sees (effective_config).
  Config component_config(const ComponentDef& component) const { return effective_config(config_, component); }

 private:
  void chain_one_to_one_subscribers();
  std::string name_;
  Config config_;
  Topology topology_;
  std::vector<ExecutorPlan> executors_;
  int workers_ = 1;
  std::vector<int> task_executor_;  // by task id; [0] unused
  std::vector<std::string> task_component_;
  std::shared_ptr<const std::map<int, std::string>> task_to_component_;
  std::map<std::string, std::vector<int>, std::less<>> component_tasks_;
  std::vector<int> acker_tasks_;
  std::map<std::string, std::map<std::string, StreamRoute, std::less<>>, std::less<>> routes_;
};

}  // namespace squall::runtime
