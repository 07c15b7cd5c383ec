#include "squall/api/metrics/log_linear_histogram.hpp"

#include <bit>

namespace squall {
namespace {

constexpr int kSub = 16;

int bucket_of(std::uint64_t v) noexcept {
  if (v < kSub) return static_cast<int>(v);
  int exp = 63 - std::countl_zero(v);          // v in [2^exp, 2^(exp+1))
  int sub = static_cast<int>((v >> (exp - 4)) & (kSub - 1));
  return (exp - 3) * kSub + sub;
}

std::uint64_t edge_of(int bucket) noexcept {
  if (bucket < kSub) return static_cast<std::uint64_t>(bucket);
  int exp = bucket / kSub + 3;
  int sub = bucket % kSub;
  return ((static_cast<std::uint64_t>(kSub + sub + 1)) << (exp - 4)) - 1;
}

template <typename T>
void bump(std::atomic<T>& a, T by) noexcept {
  a.store(a.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

}  // namespace

void LogLinearHistogram::record(std::uint64_t value) noexcept {
  int b = bucket_of(value);
  if (b >= static_cast<int>(buckets_.size())) b = static_cast<int>(buckets_.size()) - 1;
  bump(buckets_[static_cast<std::size_t>(b)], std::uint64_t{1});
  bump(sum_, static_cast<double>(value));
  bump(count_, std::uint64_t{1});
}

double LogLinearHistogram::mean() const noexcept {
  auto n = count();
  return n ? sum_.load(std::memory_order_relaxed) / static_cast<double>(n) : 0.0;
}

void LogLinearHistogram::merge_into(std::array<std::uint64_t, 64 * 16>& buckets, std::uint64_t& count,
                                  double& sum) const noexcept {
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    auto c = buckets_[i].load(std::memory_order_relaxed);
    buckets[i] += c;
    count += c;
  }
  sum += sum_.load(std::memory_order_relaxed);
}

std::uint64_t LogLinearHistogram::quantile_of(const std::array<std::uint64_t, 64 * 16>& buckets, std::uint64_t count,
                                            double q) noexcept {
  if (count == 0) return 0;
  auto rank = static_cast<std::uint64_t>(q * static_cast<double>(count - 1)) + 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    seen += buckets[i];
    if (seen >= rank) return edge_of(static_cast<int>(i));
  }
  return edge_of(static_cast<int>(buckets.size()) - 1);
}

std::uint64_t LogLinearHistogram::upper_edge(std::size_t bucket) noexcept { return edge_of(static_cast<int>(bucket)); }

std::uint64_t LogLinearHistogram::quantile(double q) const noexcept {
  std::array<std::uint64_t, 64 * 16> b{};
  std::uint64_t n = 0;
  double s = 0;
  merge_into(b, n, s);
  return quantile_of(b, n, q);
}

}  // namespace squall
