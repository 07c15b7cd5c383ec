// Fields grouping: a stable hash of the key values mod the number of target tasks.
#include "squall/runtime/routing/groupers.hpp"

#include "squall/api/detail/value_hash.hpp"

namespace squall::groupings {
namespace {

class FieldsGrouper final : public Grouper {
 public:
  FieldsGrouper(std::vector<int> targets, std::vector<std::size_t> keys)
      : targets_(std::move(targets)), keys_(std::move(keys)) {}
  void choose_tasks(const Values& values, std::vector<int>& out) override {
    out.push_back(targets_[stable_hash(values, keys_) % targets_.size()]);
  }

 private:
  std::vector<int> targets_;
  std::vector<std::size_t> keys_;
};

}  // namespace

std::unique_ptr<Grouper> make_fields(const GrouperSpec& spec) {
  return std::make_unique<FieldsGrouper>(spec.target_tasks, key_indices(spec));
}

}  // namespace squall::groupings
