#pragma once
// A stateful bolt's KeyValueState over a provider's StateBackend: the changes since the last
// checkpoint stay in memory until PREPARE stores them, and COMMIT makes them the committed state
// (Storm's KeyValueState with prepareCommit / commit / rollback; docs/state.md). Every key read or
// written stays in memory, decoded, so a hot key never goes back to the provider: the keys a task
// touches must fit in its memory (the provider makes them durable, it does not page them out).

#include <memory>
#include <unordered_map>
#include <vector>

#include "squall/api/state/key_value_state.hpp"
#include "squall/state/state_backend.hpp"
#include "squall/state/value_key.hpp"

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
  /// What the state knows of one key. `value` is the newest (what get answers; nullopt: absent or
  /// removed). A key read from the provider and unchanged since is clean: its value is committed.
  struct Slot {
    std::optional<Value> value;
    bool pending = false;      ///< changed since the last prepare
    bool in_prepared = false;  ///< changed in the checkpoint prepared and not committed
  };
  /// Keyed by the values themselves: a hot key costs one hash lookup per get or put, no encoding.
  using Slots = std::unordered_map<Value, Slot, ValueKeyHash, ValueKeyEqual>;
  using Entry = Slots::value_type;

  /// last_ when it is the slot of `key`, else nullptr.
  Entry* remembered(const Value& key) const;
  /// The slot of `key`, read from the provider when the state has not seen it.
  Entry& slot(const Value& key) const;
  /// The slot of `key` marked changed since the last prepare.
  Slot& changed(const Value& key);

  std::unique_ptr<StateBackend> backend_;
  /// Every key read or changed so far (the hot keys stay in memory, decoded); entries never move.
  mutable Slots slots_;
  /// The last slot get or put found: a bolt's put of the key it has just read skips the lookup.
  mutable Entry* last_ = nullptr;
  std::vector<Entry*> pending_keys_;   ///< the slots with `pending`
  std::vector<Entry*> prepared_keys_;  ///< the slots with `in_prepared`
  /// The checkpoint prepared and not yet committed, and its changes as stored (merged into a
  /// retried PREPARE).
  std::optional<std::int64_t> prepared_txid_;
  ChangeSet prepared_changes_;
};

}  // namespace squall::state
