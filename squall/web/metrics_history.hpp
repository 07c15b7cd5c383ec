#pragma once
// Past metrics of the watched topologies, for Storm UI's windows (?window=600, 10800, 86400).

#include <chrono>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::web {

/// Storm UI's windows in seconds ("600", "10800", "86400"); 0 for ":all-time". Throws
/// std::invalid_argument for anything else.
double window_seconds(const std::string& window);
/// Storm's "windowPretty": "10m 0s", "3h 0m 0s", "1d 0h 0m 0s", "All time".
std::string window_pretty(const std::string& window);

/// Snapshots taken every 10 s (record()), thinned with age: every 10 s for 10 minutes, every
/// minute for 3 hours, every 10 minutes for a day. Only counts are kept (no histograms, errors or
/// user metrics), so a day of a 100-task topology stays under a few MB. Thread-safe.
class MetricsHistory {
 public:
  using Clock = std::chrono::steady_clock;
  /// Keeps `now`'s counts, taken at `at`.
  void record(const std::vector<MetricsSnapshot>& now, Clock::time_point at = Clock::now());
  /// `current` over the last `secs` seconds: its counters (per component, task and stream) minus
  /// those of the newest kept snapshot at least `secs` old. A topology younger than the window
  /// has its whole life in it (counts unchanged); one older, watched for less, has what was
  /// watched (since the oldest snapshot). Latencies and errors stay all-time; capacity
  /// is recomputed over the window by storm_rest. `uptime_secs` becomes the window's length.
  MetricsSnapshot window(const MetricsSnapshot& current, double secs, Clock::time_point now = Clock::now()) const;

 private:
  struct Entry {
    Clock::time_point at;
    std::vector<MetricsSnapshot> snapshots;
  };
  mutable std::mutex mutex_;
  std::deque<Entry> fine_, medium_, coarse_;  // 10 s, 1 min, 10 min apart
};

}  // namespace squall::web
