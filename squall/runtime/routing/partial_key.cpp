// Partial key grouping: "The Power of Both Choices: Practical Load Balancing for Distributed
// Stream Processing Engines", Nasir et al., ICDE 2015; Storm's PartialKeyGrouping. Each key has two
// candidate tasks from two independent hashes; the one this emitter has loaded less wins.
#include "squall/runtime/routing/groupers.hpp"

#include "squall/api/detail/value_hash.hpp"

namespace squall::groupings {
namespace {

class PartialKeyGrouper final : public Grouper {
 public:
  PartialKeyGrouper(std::vector<int> targets, std::vector<std::size_t> keys)
      : targets_(std::move(targets)), keys_(std::move(keys)), sent_(targets_.size(), 0) {}
  void choose_tasks(const Values& values, std::vector<int>& out) override {
    std::size_t n = targets_.size();
    std::size_t first = stable_hash(values, keys_, 13) % n;
    std::size_t second = stable_hash(values, keys_, 17) % n;
    std::size_t pick = sent_[first] <= sent_[second] ? first : second;
    ++sent_[pick];
    out.push_back(targets_[pick]);
  }

 private:
  std::vector<int> targets_;
  std::vector<std::size_t> keys_;
  std::vector<std::uint64_t> sent_;
};

}  // namespace

std::unique_ptr<Grouper> make_partial_key(const GrouperSpec& spec) {
  return std::make_unique<PartialKeyGrouper>(spec.target_tasks, key_indices(spec));
}

}  // namespace squall::groupings
