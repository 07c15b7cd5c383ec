#pragma once
// What a spout or bolt task knows about itself and its topology (Storm's TopologyContext).

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/fields.hpp"
#include "squall/api/metrics/metric_registry.hpp"

namespace squall {

class TopologyContext {
 public:
  TopologyContext(std::string topology_name, std::string component_id, int task_id,
                  std::vector<int> component_tasks, Config config)
      : topology_name_(std::move(topology_name)),
        component_id_(std::move(component_id)),
        task_id_(task_id),
        component_tasks_(std::move(component_tasks)),
        config_(std::move(config)),
        metrics_(std::make_shared<MetricRegistry>()) {}

  const std::string& topology_name() const noexcept { return topology_name_; }
  const std::string& component_id() const noexcept { return component_id_; }
  /// Topology-wide task id; unique across components.
  int task_id() const noexcept { return task_id_; }
  /// 0-based position of this task among its component's tasks.
  int task_index() const noexcept;
  /// Number of tasks of this component.
  int component_parallelism() const noexcept { return static_cast<int>(component_tasks_.size()); }
  /// Task ids of this component, ascending.
  const std::vector<int>& component_tasks() const noexcept { return component_tasks_; }
  /// Topology config merged with this component's config.
  const Config& config() const noexcept { return config_; }
  /// Where this task keeps state that must outlive its worker process:
  /// "<squall.worker.state.dir>/<component>-task-<task id>.<kind>" (task_state_file.hpp), or ""
  /// when the run has no state dir (one process). In cluster mode such files move with the task
  /// to another host. `kind` names the file's purpose ("csv-progress").
  std::string task_state_file(std::string_view kind) const;

  /// A stream this bolt subscribes to, with the fields its tuples carry.
  struct InputStream {
    std::string component;
    std::string stream;
    Fields fields;
  };
  /// The bolt's input streams (empty for a spout), so that prepare() can check field names once
  /// instead of per tuple.
  const std::vector<InputStream>& inputs() const noexcept { return inputs_; }
  void set_inputs(std::vector<InputStream> inputs) { inputs_ = std::move(inputs); }

  /// The component of every task of the topology, by task id (Storm's getTaskToComponent).
  const std::map<int, std::string>& task_to_component() const noexcept {
    static const std::map<int, std::string> kNone;
    return task_to_component_ ? *task_to_component_ : kNone;
  }
  /// The tasks of `component` whose tuples reach this task: all of that component's tasks, or,
  /// when this bolt is chained to it (squall.topology.chaining), the tasks of the one executor it
  /// is chained to, which alone send to it. Empty for a component not in the topology.
  std::vector<int> source_tasks(const std::string& component) const;
  /// Set by the runtime when this task's executor is chained to executor `tasks` of `component`.
  void set_chained_upstream(std::string component, std::vector<int> tasks) {
    chained_upstream_ = std::move(component);
    chained_upstream_tasks_ = std::move(tasks);
  }

  /// This component's declared output streams and their fields (Storm's
  /// getThisOutputFieldsForStreams).
  const std::map<std::string, Fields>& output_fields() const noexcept { return output_fields_; }
  /// Set by the runtime; `task_to_component` is shared by the contexts of every task.
  void set_layout(std::shared_ptr<const std::map<int, std::string>> task_to_component,
                  std::map<std::string, Fields> output_fields) {
    task_to_component_ = std::move(task_to_component);
    output_fields_ = std::move(output_fields);
  }

  /// User metrics (Storm's registerCounter / registerGauge / registerHistogram), reported per
  /// task and summed per component, over every worker, in the progress line, the summary, the
  /// REST API, the UI and /metrics (docs/monitoring.md). Register them in open() or prepare();
  /// the returned object lives as long as the task. Registering a name again returns the same
  /// metric; each throws Error for an empty name or one registered as another kind.
  MetricCounter& register_counter(const std::string& name) const { return metrics_->counter(name); }
  /// `read` is called on the metrics reporter's thread: it must be thread-safe. Component totals
  /// sum the tasks' values.
  void register_gauge(const std::string& name, std::function<double()> read) const {
    metrics_->gauge(name, std::move(read));
  }
  MetricHistogram& register_histogram(const std::string& name) const { return metrics_->histogram(name); }
  /// The task's user metrics; the runtime shares it with the task's metrics (set by the runtime).
  const std::shared_ptr<MetricRegistry>& metric_registry() const noexcept { return metrics_; }
  void set_metric_registry(std::shared_ptr<MetricRegistry> registry) { metrics_ = std::move(registry); }

 private:
  std::string topology_name_;
  std::string component_id_;
  int task_id_;
  std::vector<int> component_tasks_;
  Config config_;
  std::vector<InputStream> inputs_;
  std::shared_ptr<const std::map<int, std::string>> task_to_component_;
  std::map<std::string, Fields> output_fields_;
  std::string chained_upstream_;
  std::vector<int> chained_upstream_tasks_;
  std::shared_ptr<MetricRegistry> metrics_;
};

}  // namespace squall
