#include "squall/stores/rocksdb_backend.hpp"

#include <charconv>
#include <filesystem>

#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "squall/api/errors.hpp"
#include "squall/api/task_state_file.hpp"

namespace squall::stores {

namespace {

// Key layout: one byte says what an entry is, the state's key follows.
constexpr char kCommitted = 'c';  // committed value
constexpr char kPrepared = 'p';   // prepared value
constexpr char kRemoved = 'r';    // prepared removal (empty value)
const std::string kCommitTxid = "t:commit";
const std::string kPrepareTxid = "t:prepare";

void check(const rocksdb::Status& s, const std::string& path, std::string_view what) {
  if (!s.ok()) throw StateError(fmt::format("RocksDB {} at {}: {}", what, path, s.ToString()));
}

std::string tagged(char tag, std::string_view key) {
  std::string k(1, tag);
  k.append(key);
  return k;
}

std::optional<std::int64_t> parse_txid(const std::string& text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) throw StateError("RocksDB state: a corrupt txid: " + text);
  return v;
}

std::string database_path(const nlohmann::json& settings, const state::StateScope& scope) {
  std::filesystem::path dir = "squall-state";
  if (settings.contains("dir")) {
    if (!settings["dir"].is_string()) throw TopologyError("topology.state.provider.config: \"dir\" must be a string");
    dir = settings["dir"].get<std::string>();
  }
  return (std::filesystem::absolute(dir) / scope.topology /
          task_state_file_name(scope.component, scope.task, "rocksdb")).string();
}

}  // namespace

RocksDbBackend::RocksDbBackend(const nlohmann::json& settings, const state::StateScope& scope)
    : path_(database_path(settings, scope)) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path_).parent_path(), ec);
  if (ec) throw StateError(fmt::format("RocksDB state: cannot create {}: {}", path_, ec.message()));
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = 4 << 20;  // one database per task: keep each small
  options.max_open_files = 64;
  options.keep_log_file_num = 2;
  rocksdb::DB* db = nullptr;
  check(rocksdb::DB::Open(options, path_, &db), path_, "open");
  db_.reset(db);
}

RocksDbBackend::~RocksDbBackend() = default;

std::optional<std::string> RocksDbBackend::get(std::string_view key) {
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), tagged(kCommitted, key), &value);
  if (s.IsNotFound()) return std::nullopt;
  check(s, path_, "read");
  return value;
}

void RocksDbBackend::for_each(const std::function<void(std::string_view, std::string_view)>& visit) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(std::string(1, kCommitted)); it->Valid() && it->key()[0] == kCommitted; it->Next())
    visit(std::string_view(it->key().data() + 1, it->key().size() - 1), it->value().ToStringView());
  check(it->status(), path_, "scan");
}

void RocksDbBackend::prepare(std::int64_t txid, const state::ChangeSet& changes) {
  rocksdb::WriteBatch batch;
  batch.DeleteRange(std::string(1, kPrepared), std::string(1, kPrepared + 1));
  batch.DeleteRange(std::string(1, kRemoved), std::string(1, kRemoved + 1));
  for (const auto& [k, v] : changes) {
    if (v) batch.Put(tagged(kPrepared, k), *v);
    else batch.Put(tagged(kRemoved, k), "");
  }
  batch.Put(kPrepareTxid, std::to_string(txid));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  check(db_->Write(sync, &batch), path_, "prepare");
}

std::optional<state::PreparedChanges> RocksDbBackend::prepared() {
  std::string txid;
  auto s = db_->Get(rocksdb::ReadOptions(), kPrepareTxid, &txid);
  if (s.IsNotFound()) return std::nullopt;
  check(s, path_, "read");
  state::PreparedChanges p{*parse_txid(txid), {}};
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (char tag : {kPrepared, kRemoved})
    for (it->Seek(std::string(1, tag)); it->Valid() && it->key()[0] == tag; it->Next()) {
      std::string key(it->key().data() + 1, it->key().size() - 1);
      if (tag == kPrepared) p.changes[key] = it->value().ToString();
      else p.changes[key] = std::nullopt;
    }
  check(it->status(), path_, "scan");
  return p;
}

void RocksDbBackend::commit(std::int64_t txid) {
  rocksdb::WriteBatch batch;
  if (auto p = prepared()) {
    for (const auto& [k, v] : p->changes) {
      if (v) batch.Put(tagged(kCommitted, k), *v);
      else batch.Delete(tagged(kCommitted, k));
    }
    batch.DeleteRange(std::string(1, kPrepared), std::string(1, kPrepared + 1));
    batch.DeleteRange(std::string(1, kRemoved), std::string(1, kRemoved + 1));
    batch.Delete(kPrepareTxid);
  }
  batch.Put(kCommitTxid, std::to_string(txid));
  rocksdb::WriteOptions sync;
  sync.sync = true;
  check(db_->Write(sync, &batch), path_, "commit");
}

void RocksDbBackend::rollback() {
  rocksdb::WriteBatch batch;
  batch.DeleteRange(std::string(1, kPrepared), std::string(1, kPrepared + 1));
  batch.DeleteRange(std::string(1, kRemoved), std::string(1, kRemoved + 1));
  batch.Delete(kPrepareTxid);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  check(db_->Write(sync, &batch), path_, "rollback");
}

std::optional<std::int64_t> RocksDbBackend::committed_txid() {
  std::string txid;
  auto s = db_->Get(rocksdb::ReadOptions(), kCommitTxid, &txid);
  if (s.IsNotFound()) return std::nullopt;
  check(s, path_, "read");
  return parse_txid(txid);
}

void register_rocksdb_provider() {
  state::register_state_provider("rocksdb", {"squall.state.RocksDbStateProvider"},
                                 [](const nlohmann::json& settings, const state::StateScope& scope) {
                                   return std::make_unique<RocksDbBackend>(settings, scope);
                                 });
}

// At load, so that a topology built in code finds the provider by name without the catalogue.
namespace {
[[maybe_unused]] const bool rocksdb_registered_at_load = (register_rocksdb_provider(), true);
}  // namespace

}  // namespace squall::stores
