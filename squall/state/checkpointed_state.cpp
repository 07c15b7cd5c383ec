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

CheckpointedState::CheckpointedState(std::unique_ptr<StateBackend> backend) : backend_(std::move(backend)) {
  if (auto stored = backend_->prepared()) {
    prepared_txid_ = stored->txid;
    prepared_changes_ = std::move(stored->changes);
    for (const auto& [k, v] : prepared_changes_) {
      auto& entry = *slots_.insert_or_assign(value_from_bytes(k), Slot{decoded(v), false, true}).first;
      prepared_keys_.push_back(&entry);
    }
  }
}

CheckpointedState::Entry* CheckpointedState::remembered(const Value& key) const {
  return last_ && ValueKeyEqual{}(last_->first, key) ? last_ : nullptr;
}

CheckpointedState::Entry& CheckpointedState::slot(const Value& key) const {
  if (auto* entry = remembered(key)) return *entry;
  auto it = slots_.find(key);
  if (it == slots_.end()) it = slots_.emplace(key, Slot{decoded(backend_->get(value_to_bytes(key)))}).first;
  last_ = &*it;
  return *it;
}

CheckpointedState::Slot& CheckpointedState::changed(const Value& key) {
  Entry* entry = remembered(key);
  // A key written before it is read needs no read from the provider: its value is replaced.
  if (!entry) entry = last_ = &*slots_.try_emplace(key).first;
  if (!entry->second.pending) {
    entry->second.pending = true;
    pending_keys_.push_back(entry);
  }
  return entry->second;
}

std::optional<Value> CheckpointedState::get(const Value& key) const { return slot(key).second.value; }

void CheckpointedState::put(const Value& key, Value value) { changed(key).value = std::move(value); }

bool CheckpointedState::remove(const Value& key) {
  bool present = get(key).has_value();
  changed(key).value = std::nullopt;
  return present;
}

void CheckpointedState::for_each(const std::function<void(const Value&, const Value&)>& visit) const {
  ChangeSet all;
  backend_->for_each([&](std::string_view k, std::string_view v) { all.emplace(std::string(k), std::string(v)); });
  for (const auto& [key, slot] : slots_)  // a clean slot holds what the provider has
    if (slot.pending || slot.in_prepared) all[value_to_bytes(key)] = encoded(slot.value);
  for (const auto& [k, v] : all)
    if (v) visit(value_from_bytes(k), value_from_bytes(*v));
}

void CheckpointedState::prepare(std::int64_t txid) {
  if (auto committed = backend_->committed_txid(); committed && txid <= *committed)
    throw StateError(fmt::format("checkpoint {} cannot be prepared: checkpoint {} is already committed", txid,
                                 *committed));
  // Prepared again before a commit (a retried checkpoint): it keeps what the last one held.
  ChangeSet changes;
  for (const auto* entry : pending_keys_) changes.emplace(value_to_bytes(entry->first), encoded(entry->second.value));
  changes.insert(prepared_changes_.begin(), prepared_changes_.end());  // keeps a newer pending value
  backend_->prepare(txid, changes);  // throws with nothing changed here: the slots stay pending
  prepared_changes_ = std::move(changes);
  for (auto* entry : pending_keys_) {
    auto& slot = entry->second;
    slot.pending = false;
    if (!slot.in_prepared) {
      slot.in_prepared = true;
      prepared_keys_.push_back(entry);
    }
  }
  pending_keys_.clear();
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
  for (auto* entry : prepared_keys_) entry->second.in_prepared = false;
  prepared_keys_.clear();
  prepared_changes_.clear();
  prepared_txid_.reset();
}

void CheckpointedState::rollback() {
  backend_->rollback();
  // Every slot changed since the commit is forgotten: the next get reads the committed value.
  std::vector<Value> changed_keys;
  for (const auto* list : {&pending_keys_, &prepared_keys_})
    for (const auto* entry : *list) changed_keys.push_back(entry->first);
  pending_keys_.clear();
  prepared_keys_.clear();
  last_ = nullptr;
  for (const auto& key : changed_keys) slots_.erase(key);
  prepared_changes_.clear();
  prepared_txid_.reset();
}

}  // namespace squall::state
