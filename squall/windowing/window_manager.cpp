#include "squall/windowing/window_manager.hpp"

#include <algorithm>

namespace squall {
void WindowManager::add(Tuple tuple, std::int64_t time_ms, const Listener& listener) {
  // Entries stay ordered by time; disorder on event time is small, so search from the back.
  auto it = entries_.end();
  while (it != entries_.begin() && std::prev(it)->time > time_ms) --it;
  entries_.insert(it, Entry{std::move(tuple), time_ms, false});
  if (!spec_.count_slide()) return;
  if (++added_since_evaluation_ < std::get<Count>(spec_.slide).tuples) return;
  added_since_evaluation_ = 0;
  evaluate(time_ms + 1, listener);  // the window ends just after the tuple that triggered it
}

void WindowManager::advance_to(std::int64_t now_ms, const Listener& listener) {
  if (spec_.count_slide()) return;
  const std::int64_t slide = std::get<Duration>(spec_.slide).count();
  while (!entries_.empty()) {
    // The first window that can hold the oldest tuple ends at the next multiple of the slide.
    std::int64_t first_end = floor_div(entries_.front().time, slide) * slide + slide;
    if (next_end_ == kUnset || next_end_ < first_end) next_end_ = first_end;
    if (next_end_ > now_ms) return;
    evaluate(next_end_, listener);
    next_end_ += slide;
  }
}

std::size_t WindowManager::count_before(std::int64_t end_ms) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), end_ms,
                             [](const Entry& e, std::int64_t t) { return e.time < t; });
  return static_cast<std::size_t>(it - entries_.begin());
}

std::size_t WindowManager::leaving_after(std::int64_t end_ms, std::size_t in_window) const {
  if (!spec_.count_length()) {
    // The next window starts a slide later: [end + slide - length, ...). A count slide's next end
    // is unknown but later than end_ms.
    std::int64_t next_start = end_ms - std::get<Duration>(spec_.length).count();
    if (!spec_.count_slide()) next_start += std::get<Duration>(spec_.slide).count();
    return count_before(next_start);
  }
  if (!spec_.count_slide()) return 0;
  // Count length and slide: the next window is the newest `length` of these plus `slide` more.
  auto length = static_cast<std::size_t>(std::get<Count>(spec_.length).tuples);
  auto slide = static_cast<std::size_t>(std::get<Count>(spec_.slide).tuples);
  return in_window + slide > length ? std::min(in_window, in_window + slide - length) : 0;
}

void WindowManager::evaluate(std::int64_t end_ms, const Listener& listener) {
  TupleWindow window;
  window.end_ms = end_ms;
  window.expired = std::move(released_);
  released_.clear();
  std::size_t in_window = count_before(end_ms);
  std::size_t expire = 0;
  if (const auto* count = std::get_if<Count>(&spec_.length)) {
    if (in_window > static_cast<std::size_t>(count->tuples)) expire = in_window - static_cast<std::size_t>(count->tuples);
  } else {
    expire = count_before(end_ms - std::get<Duration>(spec_.length).count());
  }
  for (std::size_t i = 0; i < expire; ++i) {
    if (release_) release_(entries_[i].tuple);
    window.expired.push_back(std::move(entries_[i].tuple));
  }
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(expire));
  in_window -= expire;
  window.start_ms = spec_.count_length() ? (in_window ? entries_.front().time : end_ms)
                                         : end_ms - std::get<Duration>(spec_.length).count();
  window.tuples.reserve(in_window);
  for (std::size_t i = 0; i < in_window; ++i) {
    auto& e = entries_[i];
    window.tuples.push_back(e.tuple);
    if (!e.delivered) window.new_tuples.push_back(e.tuple);
    e.delivered = true;
  }
  if (!window.tuples.empty() || !window.expired.empty()) listener(window);
  // Release now what no later window holds, rather than a whole slide later.
  std::size_t leaving = leaving_after(end_ms, window.tuples.size());
  for (std::size_t i = 0; i < leaving; ++i) {
    if (release_) release_(entries_[i].tuple);
    released_.push_back(std::move(entries_[i].tuple));
  }
  entries_.erase(entries_.begin(), entries_.begin() + static_cast<std::ptrdiff_t>(leaving));
}

}  // namespace squall
