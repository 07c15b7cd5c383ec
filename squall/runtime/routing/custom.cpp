// Adapts a user's CustomStreamGrouping, and checks it only picks subscribed tasks.
#include <algorithm>

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/routing/groupers.hpp"

namespace squall::groupings {
namespace {

class CustomGrouper final : public Grouper {
 public:
  CustomGrouper(std::unique_ptr<CustomStreamGrouping> impl, std::vector<int> targets, int source_task,
                std::string target_component)
      : impl_(std::move(impl)), targets_(std::move(targets)), source_task_(source_task),
        target_component_(std::move(target_component)) {}
  void choose_tasks(const Values& values, std::vector<int>& out) override {
    for (int task : impl_->choose_tasks(source_task_, values)) {
      if (!std::binary_search(targets_.begin(), targets_.end(), task))
        throw TopologyError(fmt::format("custom grouping to '{}' chose task {}, which is not one of its tasks",
                                        target_component_, task));
      out.push_back(task);
    }
  }

 private:
  std::unique_ptr<CustomStreamGrouping> impl_;
  std::vector<int> targets_;
  int source_task_;
  std::string target_component_;
};

}  // namespace

std::unique_ptr<Grouper> make_custom(const GrouperSpec& spec) {
  if (!spec.grouping->custom) throw TopologyError("CUSTOM grouping without a grouping class");
  auto impl = spec.grouping->custom();
  impl->prepare(spec.context, spec.target_tasks);
  return std::make_unique<CustomGrouper>(std::move(impl), spec.target_tasks, spec.source_task,
                                         std::string(spec.context.target_component));
}

}  // namespace squall::groupings
