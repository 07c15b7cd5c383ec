#include "squall/runtime/acking/ack_ledger.hpp"

#include <utility>

namespace squall::runtime {

AckLedger::Entry& AckLedger::lookup(std::uint64_t root) {
  if (Entry* e = current_.find(root)) return *e;
  if (Entry* e = previous_.find(root)) return *e;
  return current_[root];
}

std::optional<AckerVerdict> AckLedger::settle(std::uint64_t root, Entry& entry) {
  if (entry.spout_task < 0) return std::nullopt;  // the init has not arrived yet
  std::optional<AckerVerdict> verdict;
  if (entry.failed)
    verdict = AckerVerdict{AckerVerdict::Kind::failed, root, entry.spout_task, entry.failed_by};
  else if (entry.value == 0)
    verdict = AckerVerdict{AckerVerdict::Kind::completed, root, entry.spout_task};
  if (verdict && !current_.erase(root)) previous_.erase(root);
  return verdict;
}

std::optional<AckerVerdict> AckLedger::init(std::uint64_t root, std::uint64_t xor_value, int spout_task) {
  Entry& e = lookup(root);
  e.value ^= xor_value;
  e.spout_task = spout_task;
  return settle(root, e);
}

std::optional<AckerVerdict> AckLedger::ack(std::uint64_t root, std::uint64_t xor_value) {
  Entry& e = lookup(root);
  e.value ^= xor_value;
  return settle(root, e);
}

std::optional<AckerVerdict> AckLedger::fail(std::uint64_t root, int failed_by_task) {
  Entry& e = lookup(root);
  if (!e.failed) e.failed_by = failed_by_task;
  e.failed = true;
  return settle(root, e);
}

std::optional<AckerVerdict> AckLedger::reset_timeout(std::uint64_t root) {
  Entry entry;
  if (Entry* e = current_.find(root)) {
    entry = *e;
  } else if (Entry* p = previous_.find(root)) {
    entry = *p;
    previous_.erase(root);
    current_[root] = entry;
  } else {
    return std::nullopt;
  }
  if (entry.spout_task < 0) return std::nullopt;
  return AckerVerdict{AckerVerdict::Kind::reset, root, entry.spout_task};
}

void AckLedger::rotate() {
  previous_.clear();
  std::swap(previous_, current_);
}

}  // namespace squall::runtime
