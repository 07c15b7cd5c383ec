#include "squall/state/checkpointed_state.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/state/value_bytes.hpp"

namespace squall::state {

CheckpointedState::CheckpointedState(std::unique_ptr<StateBackend> backend)
    : backend_(std::move(backend)), prepared_(backend_->prepared()) {}

const std::optional<std::string>* CheckpointedState::overlay(const std::string& key) const {
  if (auto it = pending_.find(key); it != pending_.end()) return &it->second;
  if (prepared_)
    if (auto it = prepared_->changes.find(key); it != prepared_->changes.end()) return &it->second;
  return nullptr;
}

std::optional<Value> CheckpointedState::get(const Value& key) const {
  std::string k = value_to_bytes(key);
  const std::optional<std::string>* found = overlay(k);
  if (!found) {
    auto cached = committed_cache_.find(k);
    if (cached == committed_cache_.end()) cached = committed_cache_.emplace(k, backend_->get(k)).first;
    found = &cached->second;
  }
  if (!*found) return std::nullopt;
  return value_from_bytes(**found);
}

void CheckpointedState::put(const Value& key, Value value) { pending_[value_to_bytes(key)] = value_to_bytes(value); }

bool CheckpointedState::remove(const Value& key) {
  bool present = get(key).has_value();
  pending_[value_to_bytes(key)] = std::nullopt;
  return present;
}

void CheckpointedState::for_each(const std::function<void(const Value&, const Value&)>& visit) const {
  ChangeSet all;
  backend_->for_each([&](std::string_view k, std::string_view v) { all.emplace(std::string(k), std::string(v)); });
  if (prepared_)
    for (const auto& [k, v] : prepared_->changes) all[k] = v;
  for (const auto& [k, v] : pending_) all[k] = v;
  for (const auto& [k, v] : all)
    if (v) visit(value_from_bytes(k), value_from_bytes(*v));
}

void CheckpointedState::prepare(std::int64_t txid) {
  if (auto committed = backend_->committed_txid(); committed && txid <= *committed)
    throw StateError(fmt::format("checkpoint {} cannot be prepared: checkpoint {} is already committed", txid,
                                 *committed));
  ChangeSet changes = std::move(pending_);
  pending_.clear();
  if (prepared_)  // prepared again before a commit (a retried checkpoint): keep what it held
    for (auto& [k, v] : prepared_->changes) changes.emplace(k, std::move(v));
  try {
    backend_->prepare(txid, changes);
  } catch (...) {
    pending_ = std::move(changes);  // nothing was lost: a rollback or the next prepare sees it
    prepared_.reset();
    throw;
  }
  prepared_ = PreparedChanges{txid, std::move(changes)};
}

void CheckpointedState::commit(std::int64_t txid) {
  auto committed = backend_->committed_txid();
  if (committed && txid < *committed)
    throw StateError(fmt::format("checkpoint {} cannot be committed: checkpoint {} is newer", txid, *committed));
  if (committed && txid == *committed && !prepared_) return;
  if (prepared_ && prepared_->txid != txid)
    throw StateError(fmt::format("checkpoint {} cannot be committed: checkpoint {} is the one prepared", txid,
                                 prepared_->txid));
  backend_->commit(txid);
  if (prepared_)
    for (auto& [k, v] : prepared_->changes) committed_cache_[k] = std::move(v);
  prepared_.reset();
}

void CheckpointedState::rollback() {
  backend_->rollback();
  pending_.clear();
  prepared_.reset();
}

}  // namespace squall::state
