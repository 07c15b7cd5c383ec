#include "squall/runtime/task/user_errors.hpp"

#include <spdlog/spdlog.h>

namespace squall::runtime {

void UserErrors::thrown(int task, std::string_view where, const std::exception& e) {
  if (auto n = log_.admit())
    spdlog::error("[{}] {} (task {}) threw in {}: {}{}", run_.plan.topology_name(), run_.plan.component_of(task), task,
                  where, e.what(), suppressed_note(n));
  auto& metrics = *run_.task_metrics[static_cast<std::size_t>(task)];
  metrics.errors.add();
  metrics.recent_errors.add(task, fmt::format("threw in {}: {}", where, e.what()));
}

void UserErrors::reported(int task, std::string_view kind, std::string_view message) {
  if (auto n = log_.admit())
    spdlog::error("[{}] {} {} (task {}): {}{}", run_.plan.topology_name(), kind, run_.plan.component_of(task), task,
                  message, suppressed_note(n));
  auto& metrics = *run_.task_metrics[static_cast<std::size_t>(task)];
  metrics.errors.add();
  metrics.recent_errors.add(task, std::string(message));
}

}  // namespace squall::runtime
