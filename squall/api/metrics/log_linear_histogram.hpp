#pragma once
// A lock-free log-linear histogram of non-negative integers (latencies in ns, user values): one
// writer thread, any number of readers.

#include <array>
#include <atomic>
#include <cstdint>

namespace squall {

/// Records values into buckets of ~6% relative width (16 linear sub-buckets per power of two, as
/// in HdrHistogram; values below 16 exactly), over the whole uint64 range. record() is wait-free
/// and must be called from one thread; the readers may run on any thread and see a recent state.
class LogLinearHistogram {
 public:
  static constexpr std::size_t kBuckets = 64 * 16;
  using Buckets = std::array<std::uint64_t, kBuckets>;
  void record(std::uint64_t value) noexcept;
  std::uint64_t count() const noexcept { return count_.load(std::memory_order_relaxed); }
  /// Mean value; 0 when empty.
  double mean() const noexcept;
  /// The `q`-quantile (0..1), as the upper edge of its bucket; 0 when empty.
  std::uint64_t quantile(double q) const noexcept;
  /// Adds another histogram's counts into a plain copy (for aggregating tasks).
  void merge_into(std::array<std::uint64_t, 64 * 16>& buckets, std::uint64_t& count, double& sum) const noexcept;
  /// The largest value bucket `bucket` (0..kBuckets-1) holds.
  static std::uint64_t upper_edge(std::size_t bucket) noexcept;
  static std::uint64_t quantile_of(const std::array<std::uint64_t, 64 * 16>& buckets, std::uint64_t count, double q) noexcept;

 private:
  static constexpr int kSub = 16;
  std::array<std::atomic<std::uint64_t>, 64 * kSub> buckets_{};
  std::atomic<std::uint64_t> count_{0};
  std::atomic<double> sum_{0};
};

}  // namespace squall
