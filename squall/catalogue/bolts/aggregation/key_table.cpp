#include "squall/catalogue/bolts/aggregation/key_table.hpp"

#include "squall/state/value_bytes.hpp"

namespace squall::aggregation {

void merge_into(KeyTable& into, const KeyTable& from, std::span<const AggregateSpec> specs) {
  for (const auto& [code, state] : from) {
    auto [it, fresh] = into.try_emplace(code);
    KeyState& target = it->second;
    if (fresh) {
      target.key = state.key;
      target.aggregates.resize(specs.size());
    }
    target.tuples += state.tuples;
    for (std::size_t i = 0; i < specs.size(); ++i) target.aggregates[i].merge(specs[i], state.aggregates[i]);
  }
}

void subtract_from(KeyTable& into, const KeyTable& from, std::span<const AggregateSpec> specs) {
  for (const auto& [code, state] : from) {
    auto it = into.find(code);
    if (it == into.end()) continue;
    KeyState& target = it->second;
    target.tuples -= state.tuples;
    if (target.tuples <= 0) {
      into.erase(it);
      continue;
    }
    for (std::size_t i = 0; i < specs.size(); ++i) target.aggregates[i].subtract(specs[i], state.aggregates[i]);
  }
}

void write_key_state(ByteWriter& out, const KeyState& state) {
  out.number(static_cast<std::uint32_t>(state.key.size()));
  for (const auto& v : state.key) out.text(state::value_to_bytes(v));
  out.number(state.tuples);
  out.number(static_cast<std::uint32_t>(state.aggregates.size()));
  for (const auto& a : state.aggregates) a.write(out);
}

KeyState read_key_state(ByteReader& in, std::size_t aggregates) {
  KeyState state;
  for (auto n = in.number<std::uint32_t>(); n > 0; --n) state.key.push_back(state::value_from_bytes(in.text()));
  state.tuples = in.number<std::int64_t>();
  auto n = in.number<std::uint32_t>();
  if (n != aggregates)
    throw StateError("a stored aggregate state holds " + std::to_string(n) + " aggregates, the bolt computes " +
                     std::to_string(aggregates) + " (its aggregates changed: clear the state)");
  for (; n > 0; --n) state.aggregates.push_back(Accumulator::read(in));
  return state;
}

std::string key_table_bytes(const KeyTable& table) {
  std::string bytes;
  ByteWriter out(bytes);
  out.number(static_cast<std::uint64_t>(table.size()));
  for (const auto& [code, state] : table) {
    out.text(code);
    write_key_state(out, state);
  }
  return bytes;
}

KeyTable key_table_from_bytes(std::string_view bytes, std::size_t aggregates) {
  ByteReader in(bytes);
  KeyTable table;
  for (auto n = in.number<std::uint64_t>(); n > 0; --n) {
    std::string code(in.text());
    table.emplace(std::move(code), read_key_state(in, aggregates));
  }
  if (!in.done()) throw StateError("an aggregate's stored state has trailing bytes");
  return table;
}

}  // namespace squall::aggregation
