#include "squall/state/checkpointed_state.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/state/value_bytes.hpp"

namespace squall::state {

namespace {

std::optional<Value> decoded(const std::optional<std::string>& bytes) {
  if (!bytes) return std::nullopt;
  return value_from_bytes(*bytes);
}

std::optional<std::string> encoded(const std::optional<Value>& value) {
  if (!value) return std::nullopt;
  return value_to_bytes(*value);
}

}  // namespace

CheckpointedState::CheckpointedState(std::unique_ptr<StateBackend> backend)
    : backend_(std::move(backend)) {
  if (auto stored = backend_->prepared()) {
    prepared_txid_ = stored->txid;
    for (const auto& [k, v] : stored->changes) prepared_.emplace(k, decoded(v));
  }
}

bool CheckpointedState::overlay(const std::string& key, std::optional<Value>& found) const {
  if (auto it = pending_.find(key); it != pending_.end()) {
    found = it->second;
    return true;
  }
  if (auto it = prepared_.find(key); it != prepared_.end()) {
    found = it->second;
    return true;
  }
  return false;
}

std::optional<Value> CheckpointedState::get(const Value& key) const {
  std::string k = value_to_bytes(key);
  std::optional<Value> found;
  if (overlay(k, found)) return found;
  auto cached = committed_cache_.find(k);
  if (cached == committed_cache_.end()) {
    auto stored = backend_->get(k);
    cached = committed_cache_.emplace(std::move(k), decoded(stored)).first;
  }
  return cached->second;
}

void CheckpointedState::put(const Value& key, Value value) { pending_[value_to_bytes(key)] = std::move(value); }

bool CheckpointedState::remove(const Value& key) {
  bool present = get(key).has_value();
  pending_[value_to_bytes(key)] = std::nullopt;
  return present;
}

void CheckpointedState::for_each(const std::function<void(const Value&, const Value&)>& visit) const {
  ChangeSet all;
  backend_->for_each([&](std::string_view k, std::string_view v) { all.emplace(std::string(k), std::string(v)); });
  for (const auto* overlay : {&prepared_, &pending_})  // older first: pending overrides prepared
    for (const auto& [k, v] : *overlay) all[k] = encoded(v);
  for (const auto& [k, v] : all)
    if (v) visit(value_from_bytes(k), value_from_bytes(*v));
}

void CheckpointedState::prepare(std::int64_t txid) {
  if (auto committed = backend_->committed_txid(); committed && txid <= *committed)
    throw StateError(fmt::format("checkpoint {} cannot be prepared: checkpoint {} is already committed", txid,
                                 *committed));
  // Prepared again before a commit (a retried checkpoint): it keeps what the last one held.
  ChangeSet changes;
  for (const auto* overlay : {&pending_, &prepared_})  // newer first: emplace keeps the first
    for (const auto& [k, v] : *overlay) changes.emplace(k, encoded(v));
  backend_->prepare(txid, changes);  // throws with nothing changed here: pending_ stays
  for (auto& [k, v] : pending_) prepared_[k] = std::move(v);
  pending_.clear();
  prepared_txid_ = txid;
}

void CheckpointedState::commit(std::int64_t txid) {
  auto committed = backend_->committed_txid();
  if (committed && txid < *committed)
    throw StateError(fmt::format("checkpoint {} cannot be committed: checkpoint {} is newer", txid, *committed));
  if (committed && txid == *committed && !prepared_txid_) return;
  if (prepared_txid_ && *prepared_txid_ != txid)
    throw StateError(fmt::format("checkpoint {} cannot be committed: checkpoint {} is the one prepared", txid,
                                 *prepared_txid_));
  backend_->commit(txid);
  for (auto& [k, v] : prepared_) committed_cache_[k] = std::move(v);
  prepared_.clear();
  prepared_txid_.reset();
}

void CheckpointedState::rollback() {
  backend_->rollback();
  pending_.clear();
  prepared_.clear();
  prepared_txid_.reset();
}

}  // namespace squall::state
