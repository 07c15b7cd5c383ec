#pragma once
// A task's user metrics: named counters, gauges and histograms that the runtime reports beside its
// own (Storm's TopologyContext.registerCounter / registerGauge / registerHistogram, which keep
// Dropwizard metrics: https://storm.apache.org/releases/2.6.0/Metrics.html).

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "squall/api/metrics/log_linear_histogram.hpp"

namespace squall {

/// A count that only grows. inc() may be called from any thread (one relaxed atomic add).
class MetricCounter {
 public:
  void inc(std::uint64_t n = 1) noexcept { count_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> count_{0};
};

/// The distribution of non-negative integer values (sizes, latencies in a unit the name says):
/// count, sum and quantiles within ~6% (LogLinearHistogram). update() from the task's own thread.
class MetricHistogram {
 public:
  void update(std::uint64_t value) noexcept { values_.record(value); }
  const LogLinearHistogram& values() const noexcept { return values_; }

 private:
  LogLinearHistogram values_;
};

enum class MetricKind { counter, gauge, histogram };

/// "counter", "gauge" or "histogram".
const char* to_string(MetricKind kind) noexcept;

/// The metrics one task registered, by name. Thread-safe.
class MetricRegistry {
 public:
  /// The counter `name`: made at the first call, the same object at later ones. Throws Error for
  /// an empty name or a name registered as a gauge or histogram.
  MetricCounter& counter(const std::string& name);
  /// Registers (or replaces) the gauge `name`. `read` is called on the metrics reporter's thread
  /// each time metrics are read, so it must be thread-safe (read an atomic, say); an exception
  /// from it reads as NaN. Throws Error as counter() does.
  void gauge(const std::string& name, std::function<double()> read);
  /// The histogram `name`, made at the first call. Throws Error as counter() does.
  MetricHistogram& histogram(const std::string& name);

  /// Reads every gauge one last time and keeps the value: called before the task's spout or bolt
  /// (which a gauge's function may read) is destroyed.
  void freeze_gauges() noexcept;

  /// One metric as read now: `value` is a counter's count or a gauge's value; `histogram` is set
  /// for a histogram only.
  struct Reading {
    const std::string& name;
    MetricKind kind;
    double value;
    const MetricHistogram* histogram;
  };
  /// Calls `visit` for each metric, in name order, under the registry's lock.
  void for_each(const std::function<void(const Reading&)>& visit) const;

 private:
  struct Entry {
    MetricKind kind;
    std::unique_ptr<MetricCounter> counter;
    std::unique_ptr<MetricHistogram> histogram;
    std::function<double()> gauge;  // empty once frozen
    double frozen = 0;
  };
  Entry& entry(const std::string& name, MetricKind kind);
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace squall
