// Shuffle (and none, and local-or-shuffle): Storm's ShuffleGrouping, a round-robin over the targets
// in a random order, so load is even without a random draw per tuple.
#include <algorithm>
#include <random>

#include "squall/runtime/routing/groupers.hpp"

namespace squall::groupings {
namespace {

class ShuffleGrouper final : public Grouper {
 public:
  ShuffleGrouper(std::vector<int> targets, int source_task) : order_(std::move(targets)) {
    std::mt19937_64 rng(std::random_device{}() ^ static_cast<unsigned>(source_task));
    std::shuffle(order_.begin(), order_.end(), rng);
  }
  void choose_tasks(const Values&, std::vector<int>& out) override {
    out.push_back(order_[next_]);
    if (++next_ == order_.size()) next_ = 0;
  }

 private:
  std::vector<int> order_;
  std::size_t next_ = 0;
};

}  // namespace

std::unique_ptr<Grouper> make_shuffle(const GrouperSpec& spec) {
  return std::make_unique<ShuffleGrouper>(spec.target_tasks, spec.source_task);
}

std::unique_ptr<Grouper> make_local_or_shuffle(const GrouperSpec& spec) {
  return std::make_unique<ShuffleGrouper>(spec.local_tasks.empty() ? spec.target_tasks : spec.local_tasks,
                                          spec.source_task);
}

}  // namespace squall::groupings
