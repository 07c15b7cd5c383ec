#pragma once
// A stateful bolt's KeyValueState over a provider's StateBackend: the changes since the last
// checkpoint stay in memory until PREPARE stores them, and COMMIT makes them the committed state
// (Storm's KeyValueState with prepareCommit / commit / rollback; docs/state.md).

#include <memory>
#include <unordered_map>

#include "squall/api/state/key_value_state.hpp"
#include "squall/state/state_backend.hpp"

namespace squall::state {

class CheckpointedState final : public KeyValueState {
 public:
  /// Loads what `backend` had prepared and not settled (a checkpoint being committed when the
  /// process died). Throws StateError.
  explicit CheckpointedState(std::unique_ptr<StateBackend> backend);

  using KeyValueState::get;
  std::optional<Value> get(const Value& key) const override;
  void put(const Value& key, Value value) override;
  bool remove(const Value& key) override;
  void for_each(const std::function<void(const Value& key, const Value& value)>& visit) const override;

  /// Stores the changes made since the last prepare as checkpoint `txid`'s (merged with any
  /// prepared and not committed). Throws StateError when `txid` is already committed.
  void prepare(std::int64_t txid);
  /// Makes checkpoint `txid`'s prepared changes the committed state. Committing the last committed
  /// txid again is a no-op (recovery rolls a commit forward, Storm's COMMITTING state). Throws
  /// StateError for a txid older than the committed one.
  void commit(std::int64_t txid);
  /// Drops every change since the last commit.
  void rollback();
  std::optional<std::int64_t> committed_txid() const { return backend_->committed_txid(); }

 private:
  /// Key bytes → value (nullopt: removed, or known absent). Values stay decoded in memory: a hot
  /// key costs one key encoding and a hash lookup per get or put.
  using Entries = std::unordered_map<std::string, std::optional<Value>>;

  /// The newest value of `key` in the overlays (pending, then prepared); false when neither
  /// mentions it.
  bool overlay(const std::string& key, std::optional<Value>& found) const;

  std::unique_ptr<StateBackend> backend_;
  Entries pending_;
  /// The checkpoint prepared and not yet committed, and its changes (read between PREPARE and
  /// COMMIT, and merged into a retried PREPARE).
  std::optional<std::int64_t> prepared_txid_;
  Entries prepared_;
  /// Committed values read so far, so that a hot key is read from the provider once, not per
  /// tuple. Kept true at commit; unchanged by a rollback.
  mutable Entries committed_cache_;
};

}  // namespace squall::state
