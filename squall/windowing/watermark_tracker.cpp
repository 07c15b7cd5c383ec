#include "squall/windowing/watermark_tracker.hpp"

#include <algorithm>

namespace squall {

WatermarkTracker::WatermarkTracker(std::vector<StreamId> inputs, std::int64_t max_lag_ms) : max_lag_ms_(max_lag_ms) {
  for (auto& id : inputs) newest_.emplace(std::move(id), kNone);
}

bool WatermarkTracker::track(const std::string& component, const std::string& stream, std::int64_t timestamp_ms) {
  if (is_late(timestamp_ms)) return false;
  auto it = newest_.find(StreamId{component, stream});
  // A stream the bolt was not told about (a test feeding tuples by hand) joins on first sight.
  if (it == newest_.end()) it = newest_.emplace(StreamId{component, stream}, kNone).first;
  it->second = std::max(it->second, timestamp_ms);
  return true;
}

bool WatermarkTracker::advance() {
  if (newest_.empty()) return false;
  std::int64_t slowest = std::numeric_limits<std::int64_t>::max();
  for (const auto& [id, ts] : newest_) {
    if (ts == kNone) return false;
    slowest = std::min(slowest, ts);
  }
  std::int64_t candidate = slowest - max_lag_ms_;
  if (watermark_ != kNone && candidate <= watermark_) return false;
  watermark_ = candidate;
  return true;
}

bool WatermarkTracker::force(std::int64_t watermark_ms) {
  if (watermark_ != kNone && watermark_ms <= watermark_) return false;
  watermark_ = watermark_ms;
  return true;
}

std::int64_t WatermarkTracker::newest() const noexcept {
  std::int64_t newest = kNone;
  for (const auto& [id, ts] : newest_) newest = std::max(newest, ts);
  return newest;
}

std::vector<std::int64_t> WatermarkTracker::saved() const {
  std::vector<std::int64_t> out{watermark_};
  for (const auto& [id, ts] : newest_) out.push_back(ts);
  return out;
}

void WatermarkTracker::restore(const std::vector<std::int64_t>& saved) {
  if (saved.empty()) {  // the start: nothing seen
    watermark_ = kNone;
    for (auto& [id, ts] : newest_) ts = kNone;
    return;
  }
  watermark_ = saved[0];
  if (saved.size() != newest_.size() + 1) return;
  std::size_t i = 1;
  for (auto& [id, ts] : newest_) ts = saved[i++];
}

}  // namespace squall
