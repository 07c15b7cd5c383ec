#include "squall/api/topology_context.hpp"

#include <algorithm>

#include "squall/api/config_keys.hpp"
#include "squall/api/task_state_file.hpp"

namespace squall {

std::vector<int> TopologyContext::source_tasks(const std::string& component) const {
  if (!chained_upstream_.empty() && component == chained_upstream_) return chained_upstream_tasks_;
  std::vector<int> tasks;
  for (const auto& [task, id] : task_to_component())
    if (id == component) tasks.push_back(task);
  return tasks;
}

int TopologyContext::task_index() const noexcept {
  auto it = std::find(component_tasks_.begin(), component_tasks_.end(), task_id_);
  return static_cast<int>(it - component_tasks_.begin());
}

std::string TopologyContext::task_state_file(std::string_view kind) const {
  auto dir = config_.get(config_keys::kWorkerStateDir);
  if (dir.empty()) return {};
  return dir + "/" + task_state_file_name(component_id_, task_id_, kind);
}

}  // namespace squall
