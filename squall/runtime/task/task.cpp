#include "squall/runtime/task/task.hpp"

#include "squall/api/stream_ids.hpp"

namespace squall::runtime {
namespace {

std::vector<TopologyContext::InputStream> input_streams(const ExecutionPlan& plan, const ComponentDef& component) {
  std::vector<TopologyContext::InputStream> inputs;
  for (const auto& in : component.inputs) {
    if (in.stream == kCheckpointStream) continue;  // the runtime's, not the bolt's: the wrapper takes it
    if (const ComponentDef* source = plan.topology().find(in.source))
      if (auto s = source->outputs.find(in.stream); s != source->outputs.end())
        inputs.push_back({in.source, in.stream, s->second.fields});
  }
  return inputs;
}

}  // namespace

Task::Task(RunState& run, const ComponentDef& component, const Config& config, int id, int slot)
    : id(id),
      slot(slot),
      metrics(*run.task_metrics[static_cast<std::size_t>(id)]),
      context(run.plan.topology_name(), component.id, id, run.plan.tasks_of(component.id), config),
      router(run.plan, component, id, metrics) {
  context.set_inputs(input_streams(run.plan, component));
  context.set_metric_registry(metrics.user);
  std::map<std::string, Fields> outputs;
  for (const auto& [stream, output] : component.outputs) outputs[stream] = output.fields;
  context.set_layout(run.plan.task_to_component(), std::move(outputs));
  const auto& executor = run.plan.executors()[static_cast<std::size_t>(run.plan.executor_of(id))];
  if (executor.chain_parent >= 0) {
    const auto& upstream = run.plan.executors()[static_cast<std::size_t>(executor.chain_parent)];
    context.set_chained_upstream(upstream.component->id, upstream.tasks);
  }
}

}  // namespace squall::runtime
