#include "squall/catalogue/bolts/aggregation/key_table.hpp"

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

}  // namespace squall::aggregation
