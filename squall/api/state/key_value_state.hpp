#pragma once
// The state a stateful bolt keeps: a map of values that the runtime checkpoints (Storm's
// KeyValueState; docs/state.md).

#include <functional>
#include <optional>

#include "squall/api/value.hpp"

namespace squall {

/// A key-value map whose changes are saved at each checkpoint and restored after a failure.
/// Keys and values are tuple values (nil, bool, int64, double, string, bytes); a key's type is
/// part of the key (the int 1 and the string "1" are two keys). Used from the bolt's own thread.
/// A provider's I/O error (RocksDB, Redis) throws StateError; the checkpoint then fails and the
/// topology rolls back to the last committed one.
class KeyValueState {
 public:
  virtual ~KeyValueState() = default;
  /// The value of `key`, or nullopt.
  virtual std::optional<Value> get(const Value& key) const = 0;
  /// The value of `key`, or `fallback` (Storm's get(key, defaultValue)).
  Value get(const Value& key, Value fallback) const {
    auto v = get(key);
    return v ? std::move(*v) : std::move(fallback);
  }
  virtual void put(const Value& key, Value value) = 0;
  /// Removes `key`; returns whether it was there (Storm's delete).
  virtual bool remove(const Value& key) = 0;
  /// Calls `visit(key, value)` for every entry, in no particular order. Reads the whole state:
  /// meant for small states and for tests.
  virtual void for_each(const std::function<void(const Value& key, const Value& value)>& visit) const = 0;
};

}  // namespace squall
