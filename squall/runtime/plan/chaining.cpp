// Chaining: a bolt subscribed one-to-one to its upstream runs on the upstream executor's thread,
// handed each tuple by a call instead of a queue (Flink's operator chaining, "Tasks and Operator
// Chains" in Flink's docs; WindFlow's chain()). A hop then costs a function call rather than a
// batch, a queue and a wake-up on another core.
#include <algorithm>

#include "squall/api/config_keys.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/runtime/plan/execution_plan.hpp"

namespace squall::runtime {
namespace {

bool one_to_one(Grouping::Type type) {
  return type == Grouping::Type::shuffle || type == Grouping::Type::none || type == Grouping::Type::local_or_shuffle;
}

}  // namespace

// A bolt is chained when every one of these holds:
// - chaining is on for it and for its upstream component (squall.topology.chaining);
// - it has exactly one input, a shuffle, none or local-or-shuffle subscription to a stream that is
//   not direct, of another component (besides $checkpoint from that same component);
// - it gets no tick tuples (they would need a timer on the host's thread);
// - its upstream has as many executors, each with as many tasks, and executor i of both runs in
//   the same worker: executor i of the bolt then receives exactly what executor i of the upstream
//   emits, as a shuffle over all tasks would spread it evenly.
// A chain of chains runs on its first executor's thread; a cycle is left unchained.
void ExecutionPlan::chain_one_to_one_subscribers() {
  if (!config_.get(config_keys::kChaining)) return;
  auto executors_of_component = [&](const ComponentDef* c) {
    std::vector<ExecutorPlan*> out;
    for (auto& e : executors_)
      if (e.component == c) out.push_back(&e);
    return out;
  };
  for (const auto& bolt : topology_.components()) {
    if (bolt.kind != ComponentDef::Kind::bolt) continue;
    std::vector<const Subscription*> data;  // the inputs other than $checkpoint
    for (const auto& in : bolt.inputs)
      if (in.stream != kCheckpointStream) data.push_back(&in);
    if (data.size() != 1) continue;
    const Subscription& in = *data.front();
    // Checkpoints (state/add_checkpointing.cpp) from the one upstream do not break a chain: they
    // travel in line with its tuples, as the barrier needs; from another component they would.
    if (std::any_of(bolt.inputs.begin(), bolt.inputs.end(),
                    [&](const Subscription& s) { return s.stream == kCheckpointStream && s.source != in.source; }))
      continue;
    const ComponentDef* upstream = topology_.find(in.source);
    if (!upstream || upstream == &bolt || !one_to_one(in.grouping.type)) continue;
    if (routes_.at(upstream->id).at(in.stream).schema->direct) continue;
    Config own = component_config(bolt);
    if (!own.get(config_keys::kChaining) || !component_config(*upstream).get(config_keys::kChaining)) continue;
    if (own.get(config_keys::kTickTupleFreqSecs) > 0) continue;
    auto mine = executors_of_component(&bolt);
    auto theirs = executors_of_component(upstream);
    bool paired = mine.size() == theirs.size();
    for (std::size_t i = 0; paired && i < mine.size(); ++i)
      paired = mine[i]->worker == theirs[i]->worker && mine[i]->tasks.size() == theirs[i]->tasks.size();
    if (!paired) continue;
    for (std::size_t i = 0; i < mine.size(); ++i) mine[i]->chain_parent = theirs[i]->index;
  }
  // Hosts: follow parents to an executor with none. More steps than executors means a cycle.
  for (auto& e : executors_) {
    int host = e.chain_parent;
    std::size_t steps = 0;
    while (host >= 0 && executors_[static_cast<std::size_t>(host)].chain_parent >= 0 && steps++ <= executors_.size())
      host = executors_[static_cast<std::size_t>(host)].chain_parent;
    e.thread_host = steps > executors_.size() ? -1 : host;
  }
  for (auto& e : executors_)
    if (e.thread_host < 0) e.chain_parent = -1;  // in a cycle: its own thread, and nobody's child
}

std::vector<int> ExecutionPlan::chained_to(int host) const {
  std::vector<int> out;
  std::vector<int> frontier{host};
  while (!frontier.empty()) {
    std::vector<int> next;
    for (int parent : frontier)
      for (const auto& e : executors_)
        if (e.chain_parent == parent && e.thread_host == host) {
          out.push_back(e.index);
          next.push_back(e.index);
        }
    frontier = std::move(next);
  }
  return out;
}

const ExecutorPlan* ExecutionPlan::chained_child(int source, const ComponentDef& target) const {
  for (const auto& e : executors_)
    if (e.chain_parent == source && e.component == &target) return &e;
  return nullptr;
}

}  // namespace squall::runtime
