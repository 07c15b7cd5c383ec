#pragma once
// The RocksDB provider (topology.state.provider: rocksdb): each task's state in an embedded
// RocksDB database on local disk (https://github.com/facebook/rocksdb/wiki), written with
// synced write batches so that a prepare or a commit is all there or not at all after a crash.
// Storm has no such provider; squall run uses it by default.

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "squall/state/state_provider.hpp"

namespace rocksdb {
class DB;
}

namespace squall::stores {

/// The database of `scope` in "<dir>/<topology>/<component>-task-<task>.rocksdb", where dir is
/// the settings' "dir", else "squall-state" in the working directory (not a worker's run
/// directory, which a finished run removes: this state is meant to outlive runs). Throws
/// StateError when it cannot be opened (another process holds it, say), TopologyError for a "dir"
/// that is not a string.
class RocksDbBackend final : public state::StateBackend {
 public:
  RocksDbBackend(const nlohmann::json& settings, const state::StateScope& scope);
  ~RocksDbBackend() override;

  std::optional<std::string> get(std::string_view key) override;
  void for_each(const std::function<void(std::string_view key, std::string_view value)>& visit) override;
  void prepare(std::int64_t txid, const state::ChangeSet& changes) override;
  std::optional<state::PreparedChanges> prepared() override;
  void commit(std::int64_t txid) override;
  void rollback() override;
  std::optional<std::int64_t> committed_txid() override;

  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
};

/// Registers "rocksdb".
void register_rocksdb_provider();

}  // namespace squall::stores
