#include "squall/catalogue/bolts/aggregation/pane_aggregator.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace squall::aggregation {
PaneAggregator::PaneAggregator(const WindowSpec& spec, std::vector<AggregateSpec> aggregates, int hll_precision)
    : specs_(std::move(aggregates)),
      hll_precision_(hll_precision),
      count_(spec.count_length()),
      invertible_(std::all_of(specs_.begin(), specs_.end(), [](const auto& s) { return s.invertible(); })),
      length_(extent_units(spec.length)),
      slide_(extent_units(spec.slide)),
      pane_(std::gcd(length_, slide_)) {
  if (spec.count_length() != spec.count_slide())
    throw std::invalid_argument("aggregation: a window's length and slide must both be counts or both durations");
}

void PaneAggregator::add(std::int64_t time_ms, const std::string& code, const Values& key,
                         std::span<const Value* const> inputs, Tuple hold, const Evaluate& evaluate,
                         const Expire& expire) {
  std::int64_t time = count_ ? sequence_++ : time_ms;
  const std::int64_t index = floor_div(time, pane_);
  KeyTable& pane = panes_[index];
  touched_.insert(index);
  auto [it, fresh] = pane.try_emplace(code);
  KeyState& state = it->second;
  if (fresh) {
    state.key = key;
    state.aggregates.resize(specs_.size());
  }
  ++state.tuples;
  for (std::size_t i = 0; i < specs_.size(); ++i) state.aggregates[i].add(specs_[i], *inputs[i], hll_precision_);
  if (hold.valid()) state.held.push_back(std::move(hold));
  if (count_ && sequence_ % slide_ == 0) this->evaluate(sequence_, evaluate, expire);
}

void PaneAggregator::restore(std::map<std::int64_t, KeyTable> panes, std::int64_t next_end, std::int64_t sequence) {
  panes_ = std::move(panes);
  next_end_ = next_end;
  sequence_ = sequence;
  // The window totals are rebuilt from the panes at the next evaluation (it starts over).
  merged_lo_ = merged_hi_ = 0;
  window_.clear();
  back_.clear();
  back_total_.clear();
  front_.clear();
  result_.clear();
  entered_.clear();
  touched_.clear();
}

void PaneAggregator::advance_to(std::int64_t now_ms, const Evaluate& evaluate, const Expire& expire) {
  if (count_) return;
  while (!panes_.empty()) {
    // Skip windows that hold no pane: the first window holding the oldest pane ends at the next
    // multiple of the slide after the pane's start.
    std::int64_t oldest = panes_.begin()->first * pane_;
    std::int64_t first_end = floor_div(oldest, slide_) * slide_ + slide_;
    if (next_end_ == kUnset || next_end_ < first_end) next_end_ = first_end;
    if (next_end_ > now_ms) return;
    this->evaluate(next_end_, evaluate, expire);
    next_end_ += slide_;
  }
}

void PaneAggregator::drop_pane(std::int64_t index, const Expire& expire) {
  auto it = panes_.find(index);
  if (it == panes_.end()) return;
  for (auto& [code, state] : it->second)
    for (auto& t : state.held) expire(t);
  panes_.erase(it);
}

void PaneAggregator::evaluate(std::int64_t end, const Evaluate& evaluate, const Expire& expire) {
  const std::int64_t lo = floor_div(end - length_, pane_), hi = floor_div(end, pane_);
  entered_.clear();
  for (auto it = panes_.lower_bound(std::max(merged_hi_, lo)); it != panes_.end() && it->first < hi; ++it)
    for (const auto& [code, state] : it->second)
      if (!state.held.empty()) {
        auto& list = entered_[code];
        list.insert(list.end(), state.held.begin(), state.held.end());
      }
  if (invertible_) slide_inverse(lo, hi, expire);
  else slide_two_stacks(lo, hi, expire);
  const KeyTable& keys = invertible_ ? window_ : result_;
  if (!keys.empty()) evaluate(WindowResult{end - length_, end, &keys, &entered_});
  // Release the tuples of panes no later window holds now; their tables stay until subtracted.
  const std::int64_t next_lo = floor_div(end + slide_ - length_, pane_);
  for (auto it = panes_.begin(); it != panes_.end() && it->first < next_lo; ++it)
    for (auto& [code, state] : it->second) {
      for (auto& t : state.held) expire(t);
      state.held.clear();
    }
}

void PaneAggregator::slide_inverse(std::int64_t lo, std::int64_t hi, const Expire& expire) {
  if (lo >= merged_hi_) {  // no overlap with the previous window: start over
    window_.clear();
    while (!panes_.empty() && panes_.begin()->first < lo) drop_pane(panes_.begin()->first, expire);
    merged_lo_ = merged_hi_ = lo;
  }
  for (; merged_lo_ < lo; ++merged_lo_) {
    if (auto it = panes_.find(merged_lo_); it != panes_.end()) subtract_from(window_, it->second, specs_);
    drop_pane(merged_lo_, expire);
  }
  for (auto it = panes_.lower_bound(merged_hi_); it != panes_.end() && it->first < hi; ++it)
    merge_into(window_, it->second, specs_);
  merged_hi_ = std::max(merged_hi_, hi);
}

void PaneAggregator::flip() {
  // The newest back pane becomes the deepest front entry; each entry totals itself and newer.
  KeyTable running;
  for (auto it = back_.rbegin(); it != back_.rend(); ++it) {
    merge_into(running, panes_.at(*it), specs_);
    front_.emplace_back(*it, running);
  }
  back_.clear();
  back_total_.clear();
}

void PaneAggregator::slide_two_stacks(std::int64_t lo, std::int64_t hi, const Expire& expire) {
  if (lo >= merged_hi_) {
    front_.clear();
    back_.clear();
    back_total_.clear();
    while (!panes_.empty() && panes_.begin()->first < lo) drop_pane(panes_.begin()->first, expire);
    merged_hi_ = lo;
  }
  // Evict the panes that left: the oldest is at the top of front (flipping back over when empty).
  auto oldest = [&]() -> std::int64_t {
    if (!front_.empty()) return front_.back().first;
    if (!back_.empty()) return back_.front();
    return kUnset;
  };
  for (std::int64_t o = oldest(); o != kUnset && o < lo; o = oldest()) {
    if (front_.empty()) flip();
    front_.pop_back();
    drop_pane(o, expire);
  }
  // Panes that are no longer in any window but were never merged (skipped windows).
  while (!panes_.empty() && panes_.begin()->first < lo && panes_.begin()->first < merged_hi_)
    drop_pane(panes_.begin()->first, expire);
  for (auto it = panes_.lower_bound(merged_hi_); it != panes_.end() && it->first < hi; ++it) {
    back_.push_back(it->first);
    merge_into(back_total_, it->second, specs_);
  }
  merged_hi_ = std::max(merged_hi_, hi);
  result_.clear();
  if (!front_.empty()) result_ = front_.back().second;
  merge_into(result_, back_total_, specs_);
}

}  // namespace squall::aggregation
