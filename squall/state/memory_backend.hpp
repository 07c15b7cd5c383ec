#pragma once
// The in-memory provider: state that lives as long as the process (Storm's
// InMemoryKeyValueStateProvider), for tests and for bolts whose state may be rebuilt.

#include "squall/state/state_backend.hpp"

namespace squall::state {

class MemoryBackend final : public StateBackend {
 public:
  std::optional<std::string> get(std::string_view key) override;
  void for_each(const std::function<void(std::string_view key, std::string_view value)>& visit) override;
  void prepare(std::int64_t txid, const ChangeSet& changes) override;
  std::optional<PreparedChanges> prepared() override { return prepared_; }
  void commit(std::int64_t txid) override;
  void rollback() override { prepared_.reset(); }
  std::optional<std::int64_t> committed_txid() override { return committed_txid_; }

 private:
  std::map<std::string, std::string, std::less<>> committed_;
  std::optional<PreparedChanges> prepared_;
  std::optional<std::int64_t> committed_txid_;
};

}  // namespace squall::state
