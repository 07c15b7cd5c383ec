#include "squall/state/memory_backend.hpp"

namespace squall::state {

std::optional<std::string> MemoryBackend::get(std::string_view key) {
  auto it = committed_.find(key);
  if (it == committed_.end()) return std::nullopt;
  return it->second;
}

void MemoryBackend::for_each(const std::function<void(std::string_view, std::string_view)>& visit) {
  for (const auto& [k, v] : committed_) visit(k, v);
}

void MemoryBackend::prepare(std::int64_t txid, const ChangeSet& changes) { prepared_ = PreparedChanges{txid, changes}; }

void MemoryBackend::commit(std::int64_t txid) {
  if (prepared_) {
    for (auto& [k, v] : prepared_->changes) {
      if (v) committed_[k] = *v;
      else committed_.erase(k);
    }
    prepared_.reset();
  }
  committed_txid_ = txid;
}

}  // namespace squall::state
