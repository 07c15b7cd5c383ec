#include "squall/web/metrics_history.hpp"

#include <stdexcept>

namespace squall::web {
namespace {

using namespace std::chrono_literals;

/// The counts of a snapshot: what a window subtracts.
MetricsSnapshot counts_of(const MetricsSnapshot& m) {
  MetricsSnapshot out;
  out.topology = m.topology;
  out.uptime_secs = m.uptime_secs;
  for (const auto* list : {&m.components, &m.tasks}) {
    auto& into = list == &m.components ? out.components : out.tasks;
    for (const auto& t : *list) {
      TaskStats c{t.component, t.task, t.kind};
      c.emitted = t.emitted;
      c.transferred = t.transferred;
      c.executed = t.executed;
      c.acked = t.acked;
      c.failed = t.failed;
      c.timed_out = t.timed_out;
      c.errors = t.errors;
      c.dead_lettered = t.dead_lettered;
      c.backpressure_secs = t.backpressure_secs;
      c.streams = t.streams;
      into.push_back(std::move(c));
    }
  }
  return out;
}

std::uint64_t minus(std::uint64_t now, std::uint64_t then) { return now > then ? now - then : 0; }

void subtract(TaskStats& now, const TaskStats& then) {
  now.emitted = minus(now.emitted, then.emitted);
  now.transferred = minus(now.transferred, then.transferred);
  now.executed = minus(now.executed, then.executed);
  now.acked = minus(now.acked, then.acked);
  now.failed = minus(now.failed, then.failed);
  now.timed_out = minus(now.timed_out, then.timed_out);
  now.errors = minus(now.errors, then.errors);
  now.dead_lettered = minus(now.dead_lettered, then.dead_lettered);
  now.backpressure_secs = std::max(0.0, now.backpressure_secs - then.backpressure_secs);
  for (auto& s : now.streams)
    for (const auto& old : then.streams)
      if (old.stream == s.stream) {
        s.emitted = minus(s.emitted, old.emitted);
        s.transferred = minus(s.transferred, old.transferred);
      }
}

/// Adds `entry` to `tier` if its newest is at least `spacing` older, and drops what is older
/// than `keep`.
template <typename Entry>
void keep(std::deque<Entry>& tier, const Entry& entry, std::chrono::seconds spacing, std::chrono::seconds kept) {
  if (tier.empty() || entry.at - tier.back().at >= spacing) tier.push_back(entry);
  while (!tier.empty() && entry.at - tier.front().at > kept + spacing) tier.pop_front();
}

}  // namespace

double window_seconds(const std::string& window) {
  if (window.empty() || window == ":all-time") return 0;
  if (window == "600" || window == "10800" || window == "86400") return std::stod(window);
  throw std::invalid_argument("window '" + window + "': Storm's windows are 600, 10800, 86400 and :all-time");
}

std::string window_pretty(const std::string& window) {
  if (window == "600") return "10m 0s";
  if (window == "10800") return "3h 0m 0s";
  if (window == "86400") return "1d 0h 0m 0s";
  return "All time";
}

void MetricsHistory::record(const std::vector<MetricsSnapshot>& now, Clock::time_point at) {
  Entry entry{at, {}};
  for (const auto& m : now) entry.snapshots.push_back(counts_of(m));
  std::lock_guard lock(mutex_);
  keep(fine_, entry, 10s, 600s);
  keep(medium_, entry, 60s, 10800s);
  keep(coarse_, entry, 600s, 86400s);
}

MetricsSnapshot MetricsHistory::window(const MetricsSnapshot& current, double secs, Clock::time_point now) const {
  MetricsSnapshot out = current;
  if (secs <= 0) return out;
  std::lock_guard lock(mutex_);
  const auto& tier = secs <= 600 ? fine_ : secs <= 10800 ? medium_ : coarse_;
  const MetricsSnapshot* then = nullptr;
  const MetricsSnapshot* oldest = nullptr;
  double oldest_age = 0;
  for (auto it = tier.rbegin(); it != tier.rend() && !then; ++it) {
    double age = std::chrono::duration<double>(now - it->at).count();
    for (const auto& m : it->snapshots)
      if (m.topology == current.topology) {
        if (age >= secs) then = &m;
        oldest = &m;
        oldest_age = age;
      }
  }
  out.uptime_secs = std::min(current.uptime_secs, secs);
  // A topology older than the window, watched for less: the window is what was watched.
  if (!then && oldest && current.uptime_secs > secs) {
    then = oldest;
    out.uptime_secs = oldest_age;
  }
  if (!then) return out;  // younger than the window: its whole life
  for (auto* list : {&out.components, &out.tasks}) {
    const auto& old = list == &out.components ? then->components : then->tasks;
    for (auto& t : *list)
      for (const auto& o : old)
        if (o.component == t.component && o.task == t.task) subtract(t, o);
  }
  return out;
}

}  // namespace squall::web
