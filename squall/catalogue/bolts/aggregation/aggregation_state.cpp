// AggregationBolt's checkpointed state (`stateful: true`): running totals as one entry per key,
// windows as one entry per pane plus "$window" (where the windows are and event time's progress).
// The aggregating is in aggregation_bolt.cpp.
#include <charconv>
#include <string>

#include "squall/catalogue/bolts/aggregation/aggregation_bolt.hpp"

namespace squall::bolts {
namespace {

const Value kWindowKey("$window");
constexpr std::string_view kPanePrefix = "$pane/";

Value bytes_value(const std::string& bytes) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
  return Value(Bytes{std::vector<std::uint8_t>(p, p + bytes.size())});
}

std::string_view bytes_of(const Value& v) {
  if (v.type() != ValueType::bytes) throw StateError("an aggregate's stored state is not bytes: " + v.to_string());
  const auto& data = v.as_bytes().data;
  return {reinterpret_cast<const char*>(data.data()), data.size()};
}

Value pane_key(std::int64_t index) { return Value(std::string(kPanePrefix) + std::to_string(index)); }

}  // namespace

aggregation::KeyState& AggregationBolt::totals_of(const std::string& code, const Values& key) {
  if (state_) changed_.insert(code);
  if (auto it = totals_.find(code); it != totals_.end()) return it->second;
  aggregation::KeyState state;
  std::optional<Value> stored = state_ ? state_->get(Value(code)) : std::nullopt;
  if (stored) {
    aggregation::ByteReader in(bytes_of(*stored));
    state = aggregation::read_key_state(in, aggregates_.size());
  } else {
    state.key = key;
    state.aggregates.resize(aggregates_.size());
  }
  return totals_.emplace(code, std::move(state)).first->second;
}

void AggregationBolt::init_state(KeyValueState& state) {
  state_ = &state;
  reread_ = true;
}

void AggregationBolt::pre_rollback() { reread_ = true; }

void AggregationBolt::pre_prepare(std::int64_t) {
  if (!state_ || reread_) return;
  if (!window_) {
    for (const auto& code : changed_) {
      std::string bytes;
      aggregation::ByteWriter out(bytes);
      aggregation::write_key_state(out, totals_.at(code));
      state_->put(Value(code), bytes_value(bytes));
    }
    changed_.clear();
    return;
  }
  const auto& panes = panes_->pane_tables();
  for (auto index : panes_->take_touched())
    if (auto it = panes.find(index); it != panes.end()) {
      state_->put(pane_key(index), bytes_value(aggregation::key_table_bytes(it->second)));
      stored_panes_.insert(index);
    }
  for (auto it = stored_panes_.begin(); it != stored_panes_.end();) {
    if (panes.count(*it)) {
      ++it;
      continue;
    }
    state_->remove(pane_key(*it));
    it = stored_panes_.erase(it);
  }
  std::string header;
  aggregation::ByteWriter out(header);
  out.number(panes_->next_end());
  out.number(panes_->sequence());
  auto clock = clock_->saved();
  out.number(static_cast<std::uint32_t>(clock.size()));
  for (auto v : clock) out.number(v);
  state_->put(kWindowKey, bytes_value(header));
}

void AggregationBolt::restore_windows() {
  std::map<std::int64_t, aggregation::KeyTable> panes;
  std::optional<Value> header;
  stored_panes_.clear();
  state_->for_each([&](const Value& key, const Value& value) {
    if (key.type() != ValueType::string) return;
    const std::string& name = key.as_string();
    if (name == kWindowKey.as_string()) {
      header = value;
    } else if (name.starts_with(kPanePrefix)) {
      std::int64_t index = 0;
      auto digits = std::string_view(name).substr(kPanePrefix.size());
      if (std::from_chars(digits.data(), digits.data() + digits.size(), index).ec != std::errc())
        throw StateError("a stored pane has a malformed key: " + name);
      panes.emplace(index, aggregation::key_table_from_bytes(bytes_of(value), aggregates_.size()));
      stored_panes_.insert(index);
    }
  });
  if (!header) {  // nothing checkpointed yet
    panes_->reset();
    clock_->restore({});
    return;
  }
  aggregation::ByteReader in(bytes_of(*header));
  auto next_end = in.number<std::int64_t>();
  auto sequence = in.number<std::int64_t>();
  std::vector<std::int64_t> clock;
  for (auto n = in.number<std::uint32_t>(); n > 0; --n) clock.push_back(in.number<std::int64_t>());
  panes_->restore(std::move(panes), next_end, sequence);
  clock_->restore(clock);
}

}  // namespace squall::bolts
