#pragma once
// The Redis provider (topology.state.provider: redis, or Storm's
// org.apache.storm.redis.state.RedisKeyValueStateProvider), over hiredis, in Storm's layout
// (storm-redis's RedisKeyValueState): the committed state in hash <namespace>, the prepared
// changes in hash <namespace>$prepare (a removed key as an empty value), and the txids in hash
// <namespace>$txid, fields "prepare" and "commit". A commit is one MULTI/EXEC transaction.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/state/state_provider.hpp"

struct redisContext;

namespace squall::stores {

/// Where the Redis server is: Storm's jedisPoolConfig {host, port, database, password, timeout
/// (ms)}, or the same keys at the settings' top level. Defaults: 127.0.0.1, 6379, 0, none, 2000.
struct RedisSettings {
  std::string host = "127.0.0.1";
  int port = 6379;
  int database = 0;
  std::string password;
  int timeout_ms = 2000;
  /// Throws TopologyError for a setting of the wrong type.
  static RedisSettings from_json(const nlohmann::json& settings);
};

class RedisBackend final : public state::StateBackend {
 public:
  /// Connects at the first call, so that a server still down when a task starts delays its first
  /// checkpoint instead of failing the task. A connection lost later is made again by the next
  /// call; the call that found the server away throws StateError.
  RedisBackend(RedisSettings settings, std::string name_space);
  ~RedisBackend() override;

  std::optional<std::string> get(std::string_view key) override;
  void for_each(const std::function<void(std::string_view key, std::string_view value)>& visit) override;
  void prepare(std::int64_t txid, const state::ChangeSet& changes) override;
  std::optional<state::PreparedChanges> prepared() override;
  void commit(std::int64_t txid) override;
  void rollback() override;
  std::optional<std::int64_t> committed_txid() override;

 private:
  struct Reply;
  /// Runs one command; throws StateError on a connection or server error.
  Reply run(const std::vector<std::string>& args);
  void connect();
  /// Runs `commands` in one MULTI/EXEC; throws StateError when one fails.
  void transaction(const std::vector<std::vector<std::string>>& commands);
  /// HSET (and HDEL) commands of `changes` into `hash`, 512 pairs per command; a removal is an
  /// empty value when `removals_as_empty`, else an HDEL.
  static void append_hash_writes(std::vector<std::vector<std::string>>& commands, const std::string& hash,
                                 const state::ChangeSet& changes, bool removals_as_empty);
  std::optional<std::string> txid_field(const char* field);

  RedisSettings settings_;
  std::string hash_, prepare_hash_, txid_hash_;
  redisContext* context_ = nullptr;
};

/// Registers "redis" and Storm's class name.
void register_redis_provider();

}  // namespace squall::stores
