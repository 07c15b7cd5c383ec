#pragma once
// Where one task's checkpointed state is stored: the two-phase operations a provider implements
// (Storm's State.prepareCommit / commit / rollback, over bytes; docs/state.md).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace squall::state {

/// The changes of one checkpoint: key bytes → value bytes, or nullopt for a removed key.
using ChangeSet = std::map<std::string, std::optional<std::string>, std::less<>>;

/// Changes prepared for checkpoint `txid` and not yet committed.
struct PreparedChanges {
  std::int64_t txid = 0;
  ChangeSet changes;
};

/// One namespace (one task's state) in a provider. Every call may throw StateError on an I/O
/// error. Used from one thread at a time.
class StateBackend {
 public:
  virtual ~StateBackend() = default;
  /// The committed value of `key`, or nullopt.
  virtual std::optional<std::string> get(std::string_view key) = 0;
  /// Calls `visit` for every committed entry.
  virtual void for_each(const std::function<void(std::string_view key, std::string_view value)>& visit) = 0;
  /// Stores `changes` durably as checkpoint `txid`'s, replacing any prepared before.
  virtual void prepare(std::int64_t txid, const ChangeSet& changes) = 0;
  /// What prepare() stored and no commit() or rollback() has settled: after a restart, a
  /// checkpoint that was prepared and is being committed.
  virtual std::optional<PreparedChanges> prepared() = 0;
  /// Applies the prepared changes to the committed state and records `txid` as committed, in one
  /// atomic step, then forgets them. With nothing prepared, records `txid` alone.
  virtual void commit(std::int64_t txid) = 0;
  /// Forgets the prepared changes.
  virtual void rollback() = 0;
  /// The last committed checkpoint, or nullopt before the first.
  virtual std::optional<std::int64_t> committed_txid() = 0;
};

}  // namespace squall::state
