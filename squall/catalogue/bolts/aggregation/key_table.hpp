#pragma once
// The aggregates of every key over some tuples: one pane, or a whole window.

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "squall/catalogue/bolts/aggregation/accumulator.hpp"
#include "squall/api/tuple.hpp"

namespace squall::aggregation {

struct KeyState {
  Values key;                            ///< the group-by values
  std::int64_t tuples = 0;               ///< tuples folded in
  std::vector<Accumulator> aggregates;   ///< one per AggregateSpec
  std::vector<Tuple> held;               ///< a pane's tracked tuples of this key, acked when the pane expires
};

/// Keys by their append_key() encoding.
using KeyTable = std::unordered_map<std::string, KeyState>;

/// Folds `from` into `into` (tuples and aggregates; not the held tuples).
void merge_into(KeyTable& into, const KeyTable& from, std::span<const AggregateSpec> specs);
/// Takes `from`, merged in earlier, out of `into`; keys left with no tuple are erased.
void subtract_from(KeyTable& into, const KeyTable& from, std::span<const AggregateSpec> specs);

/// A key's state as bytes (its key values, tuples and aggregates; not held tuples), for a
/// checkpoint.
void write_key_state(ByteWriter& out, const KeyState& state);
/// A state write_key_state wrote, with `aggregates` accumulators. Throws StateError for bytes it
/// did not write or another number of aggregates (the bolt's settings changed).
KeyState read_key_state(ByteReader& in, std::size_t aggregates);
/// Every key's state, by code, as bytes.
std::string key_table_bytes(const KeyTable& table);
/// The table key_table_bytes wrote (read_key_state for each key). Throws StateError as it does.
KeyTable key_table_from_bytes(std::string_view bytes, std::size_t aggregates);

}  // namespace squall::aggregation
