#pragma once
// A lock-free log-linear latency histogram: one writer thread, any number of readers.

#include <array>
#include <atomic>
#include <cstdint>

namespace squall::runtime {

/// Records durations in nanoseconds into buckets of ~6% relative width (16 linear sub-buckets per
/// power of two, as in HdrHistogram), up to ~73 minutes. record() is wait-free and must be called
/// from one thread; the percentile readers may run on any thread and see a recent state.
class LatencyHistogram {
 public:
  void record(std::uint64_t nanos) noexcept;
  std::uint64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }
  /// Mean in nanoseconds; 0 when empty.
  double mean() const noexcept;
  /// The `q`-quantile (0..1) in nanoseconds, as the upper edge of its bucket; 0 when empty.
  std::uint64_t quantile(double q) const noexcept;
  /// Adds another histogram's counts into a plain copy (for aggregating tasks).
  void merge_into(std::array<std::uint64_t, 64 * 16>& buckets, std::uint64_t& count, double& sum) const noexcept;
  static std::uint64_t quantile_of(const std::array<std::uint64_t, 64 * 16>& buckets, std::uint64_t count, double q) noexcept;

 private:
  static constexpr int kSub = 16;
  std::array<std::atomic<std::uint64_t>, 64 * kSub> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

}  // namespace squall::runtime
