#include "squall/runtime/plan/execution_plan.hpp"

#include <algorithm>

#include "squall/api/config_schema.hpp"
#include "squall/api/errors.hpp"
#include "squall/state/add_checkpointing.hpp"
#include "squall/state/state_provider.hpp"
#include "squall/windowing/window_validation.hpp"

namespace squall::runtime {

namespace {
std::uint64_t mix64(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

ExecutionPlan::ExecutionPlan(std::string topology_name, Config config, Topology topology)
    : name_(std::move(topology_name)), config_(std::move(config)), topology_(state::add_checkpointing(std::move(topology))) {
  // Types and ranges first (squall/api/config_keys.hpp): every run, in one process or under a
  // supervisor, plans before it starts, so a bad value fails the submit, not the workers.
  validate_config(config_);
  if (state::has_stateful_bolts(topology_)) {
    state::check_state_settings(config_);
    if (config_.get(config_keys::kAckerExecutors) == 0)
      throw TopologyError("stateful bolts need acking: a checkpoint completes when its tuples are acked; set "
                          "topology.acker.executors to 1 or more");
  }
  task_executor_.push_back(-1);
  task_component_.emplace_back();
  int next_task = 1;
  auto add_executors = [&](const ComponentDef* c, const std::string& name, int tasks, int parallelism) {
    int executors = executors_of(parallelism, tasks);
    auto& ids = component_tasks_[name];
    for (int e = 0; e < executors; ++e) {
      ExecutorPlan plan;
      plan.index = static_cast<int>(executors_.size());
      plan.component = c;
      // Spread tasks evenly: executor e gets tasks [e*tasks/executors, (e+1)*tasks/executors).
      int count = (e + 1) * tasks / executors - e * tasks / executors;
      for (int i = 0; i < count; ++i) {
        plan.tasks.push_back(next_task);
        ids.push_back(next_task);
        task_executor_.push_back(plan.index);
        task_component_.push_back(name);
        ++next_task;
      }
      executors_.push_back(std::move(plan));
    }
  };
  validate_windows(topology_, config_);
  for (const auto& c : topology_.components()) add_executors(&c, c.id, c.num_tasks, c.parallelism);
  auto ackers = config_.get(config_keys::kAckerExecutors);
  if (ackers < 0) throw TopologyError("topology.acker.executors must be 0 or more");
  if (ackers > 0) {
    add_executors(nullptr, "__acker", static_cast<int>(ackers), static_cast<int>(ackers));
    acker_tasks_ = component_tasks_["__acker"];
  }
  auto by_task = std::make_shared<std::map<int, std::string>>();
  for (int task = 1; task <= task_count(); ++task) by_task->emplace(task, component_of(task));
  task_to_component_ = std::move(by_task);

  auto workers = config_.get(config_keys::kWorkers);
  if (workers < 1) throw TopologyError("topology.workers must be at least 1");
  // More workers than executors would leave workers with nothing to run.
  workers_ = static_cast<int>(std::min<std::int64_t>(workers, static_cast<std::int64_t>(executors_.size())));
  for (auto& e : executors_) e.worker = worker_of_executor(e.index, workers_);

  for (const auto& c : topology_.components()) {
    auto& routes = routes_[c.id];
    for (const auto& [stream, decl] : c.outputs) {
      routes.emplace(stream, StreamRoute{detail::intern_schema({c.id, stream, decl.fields, decl.direct}), {}});
    }
  }
  for (const auto& bolt : topology_.components())
    for (const auto& in : bolt.inputs) {
      auto& route = routes_.at(in.source).at(in.stream);
      route.subscribers.push_back(StreamSubscriber{&bolt, &in, component_tasks_.at(bolt.id)});
    }
  chain_one_to_one_subscribers();
}

const detail::StreamSchema* ExecutionPlan::find_schema(std::string_view component, std::string_view stream) const {
  auto c = routes_.find(component);
  if (c == routes_.end()) return nullptr;
  auto s = c->second.find(stream);
  return s == c->second.end() ? nullptr : s->second.schema;
}

int ExecutionPlan::acker_for(std::uint64_t root) const noexcept {
  return acker_tasks_[mix64(root) % acker_tasks_.size()];
}

}  // namespace squall::runtime
