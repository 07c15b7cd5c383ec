// Groupings whose choice does not depend on the tuple: all, global, and direct (which never
// chooses: the emitter names the task with emit_direct).
#include <algorithm>

#include "squall/runtime/routing/groupers.hpp"

namespace squall::groupings {
namespace {

class FixedGrouper final : public Grouper {
 public:
  explicit FixedGrouper(std::vector<int> tasks) : tasks_(std::move(tasks)) {}
  void choose_tasks(const Values&, std::vector<int>& out) override {
    out.insert(out.end(), tasks_.begin(), tasks_.end());
  }

 private:
  std::vector<int> tasks_;
};

}  // namespace

std::unique_ptr<Grouper> make_all(const GrouperSpec& spec) { return std::make_unique<FixedGrouper>(spec.target_tasks); }

std::unique_ptr<Grouper> make_global(const GrouperSpec& spec) {
  return std::make_unique<FixedGrouper>(
      std::vector<int>{*std::min_element(spec.target_tasks.begin(), spec.target_tasks.end())});
}

std::unique_ptr<Grouper> make_direct(const GrouperSpec&) { return std::make_unique<FixedGrouper>(std::vector<int>{}); }

}  // namespace squall::groupings
