#include "squall/stores/redis_backend.hpp"

#include <charconv>

#include <fmt/format.h>
#include <hiredis/hiredis.h>

#include "squall/api/errors.hpp"

namespace squall::stores {

struct RedisBackend::Reply {
  std::unique_ptr<redisReply, void (*)(void*)> reply{nullptr, freeReplyObject};
  redisReply* operator->() const { return reply.get(); }
};

namespace {

constexpr std::size_t kPairsPerCommand = 512;

template <typename T>
void read_setting(const nlohmann::json& from, const char* key, T& into) {
  if (!from.contains(key)) return;
  try {
    into = from.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw TopologyError(fmt::format("topology.state.provider.config: redis \"{}\" has the wrong type: {}", key,
                                    from.at(key).dump()));
  }
}

std::int64_t parse_txid(std::string_view text) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size())
    throw StateError(fmt::format("Redis state: a corrupt txid '{}'", text));
  return v;
}

}  // namespace

RedisSettings RedisSettings::from_json(const nlohmann::json& settings) {
  RedisSettings s;
  const nlohmann::json& from = settings.contains("jedisPoolConfig") ? settings.at("jedisPoolConfig") : settings;
  read_setting(from, "host", s.host);
  read_setting(from, "port", s.port);
  read_setting(from, "database", s.database);
  read_setting(from, "password", s.password);
  read_setting(from, "timeout", s.timeout_ms);
  return s;
}

RedisBackend::RedisBackend(RedisSettings settings, std::string name_space)
    : settings_(std::move(settings)),
      hash_(name_space),
      prepare_hash_(name_space + "$prepare"),
      txid_hash_(name_space + "$txid") {}  // connects at the first call

RedisBackend::~RedisBackend() {
  if (context_) redisFree(context_);
}

void RedisBackend::connect() {
  if (context_) redisFree(context_);
  timeval timeout{settings_.timeout_ms / 1000, (settings_.timeout_ms % 1000) * 1000};
  context_ = redisConnectWithTimeout(settings_.host.c_str(), settings_.port, timeout);
  if (!context_ || context_->err) {
    std::string why = context_ ? context_->errstr : "out of memory";
    if (context_) redisFree(context_);
    context_ = nullptr;
    throw StateError(fmt::format("Redis state: cannot connect to {}:{}: {}", settings_.host, settings_.port, why));
  }
  redisSetTimeout(context_, timeout);
  if (!settings_.password.empty()) run({"AUTH", settings_.password});
  if (settings_.database != 0) run({"SELECT", std::to_string(settings_.database)});
}

RedisBackend::Reply RedisBackend::run(const std::vector<std::string>& args) {
  if (!context_) connect();
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  Reply r;
  r.reply.reset(static_cast<redisReply*>(redisCommandArgv(context_, static_cast<int>(argv.size()), argv.data(),
                                                          lengths.data())));
  if (!r.reply) {
    std::string why = context_->errstr;
    redisFree(context_);
    context_ = nullptr;  // the next call connects again
    throw StateError(fmt::format("Redis state at {}:{}: {} failed: {}", settings_.host, settings_.port, args[0], why));
  }
  if (r->type == REDIS_REPLY_ERROR)
    throw StateError(fmt::format("Redis state at {}:{}: {} failed: {}", settings_.host, settings_.port, args[0],
                                 std::string(r->str, r->len)));
  return r;
}

std::optional<std::string> RedisBackend::get(std::string_view key) {
  auto r = run({"HGET", hash_, std::string(key)});
  if (r->type != REDIS_REPLY_STRING) return std::nullopt;
  return std::string(r->str, r->len);
}

void RedisBackend::for_each(const std::function<void(std::string_view, std::string_view)>& visit) {
  auto r = run({"HGETALL", hash_});
  for (std::size_t i = 0; i + 1 < r->elements; i += 2)
    visit(std::string_view(r->element[i]->str, r->element[i]->len),
          std::string_view(r->element[i + 1]->str, r->element[i + 1]->len));
}

void RedisBackend::transaction(const std::vector<std::vector<std::string>>& commands) {
  run({"MULTI"});
  try {
    for (const auto& c : commands) run(c);
  } catch (const StateError&) {
    if (context_) freeReplyObject(redisCommand(context_, "DISCARD"));
    throw;
  }
  auto r = run({"EXEC"});
  for (std::size_t i = 0; i < r->elements; ++i)
    if (r->element[i]->type == REDIS_REPLY_ERROR)
      throw StateError(fmt::format("Redis state at {}:{}: {} failed in a transaction: {}", settings_.host,
                                   settings_.port, commands[i][0], std::string(r->element[i]->str, r->element[i]->len)));
}

void RedisBackend::append_hash_writes(std::vector<std::vector<std::string>>& commands, const std::string& hash,
                                      const state::ChangeSet& changes, bool removals_as_empty) {
  std::vector<std::string> hset{"HSET", hash}, hdel{"HDEL", hash};
  auto flush = [&](std::vector<std::string>& c, bool last) {
    if (c.size() > 2 && (last || c.size() >= 2 + 2 * kPairsPerCommand)) {
      commands.push_back(c);
      c.resize(2);
    }
  };
  for (const auto& [k, v] : changes) {
    if (v || removals_as_empty) {
      hset.push_back(k);
      hset.push_back(v.value_or(""));
      flush(hset, false);
    } else {
      hdel.push_back(k);
      flush(hdel, false);
    }
  }
  flush(hset, true);
  flush(hdel, true);
}

void RedisBackend::prepare(std::int64_t txid, const state::ChangeSet& changes) {
  std::vector<std::vector<std::string>> commands{{"DEL", prepare_hash_}};
  append_hash_writes(commands, prepare_hash_, changes, true);
  commands.push_back({"HSET", txid_hash_, "prepare", std::to_string(txid)});
  transaction(commands);
}

std::optional<state::PreparedChanges> RedisBackend::prepared() {
  auto txid = txid_field("prepare");
  if (!txid) return std::nullopt;
  state::PreparedChanges p{parse_txid(*txid), {}};
  auto r = run({"HGETALL", prepare_hash_});
  for (std::size_t i = 0; i + 1 < r->elements; i += 2) {
    std::string key(r->element[i]->str, r->element[i]->len);
    std::string value(r->element[i + 1]->str, r->element[i + 1]->len);
    if (value.empty()) p.changes[key] = std::nullopt;
    else p.changes[key] = std::move(value);
  }
  return p;
}

void RedisBackend::commit(std::int64_t txid) {
  std::vector<std::vector<std::string>> commands;
  if (auto p = prepared()) {
    append_hash_writes(commands, hash_, p->changes, false);
    commands.push_back({"DEL", prepare_hash_});
    commands.push_back({"HDEL", txid_hash_, "prepare"});
  }
  commands.push_back({"HSET", txid_hash_, "commit", std::to_string(txid)});
  transaction(commands);
}

void RedisBackend::rollback() { transaction({{"DEL", prepare_hash_}, {"HDEL", txid_hash_, "prepare"}}); }

std::optional<std::int64_t> RedisBackend::committed_txid() {
  auto t = txid_field("commit");
  if (!t) return std::nullopt;
  return parse_txid(*t);
}

std::optional<std::string> RedisBackend::txid_field(const char* field) {
  auto r = run({"HGET", txid_hash_, field});
  if (r->type != REDIS_REPLY_STRING) return std::nullopt;
  return std::string(r->str, r->len);
}

void register_redis_provider() {
  state::register_state_provider("redis", {"org.apache.storm.redis.state.RedisKeyValueStateProvider"},
                                 [](const nlohmann::json& settings, const state::StateScope& scope) {
                                   return std::make_unique<RedisBackend>(RedisSettings::from_json(settings),
                                                                         scope.name_space());
                                 });
}

// At load, so that a topology built in code finds the provider by name without the catalogue.
namespace {
[[maybe_unused]] const bool redis_registered_at_load = (register_redis_provider(), true);
}  // namespace

}  // namespace squall::stores
