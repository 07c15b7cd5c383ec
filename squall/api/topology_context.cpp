#include "squall/api/topology_context.hpp"

#include <algorithm>

namespace squall {

int TopologyContext::task_index() const noexcept {
  auto it = std::find(component_tasks_.begin(), component_tasks_.end(), task_id_);
  return static_cast<int>(it - component_tasks_.begin());
}

}  // namespace squall
