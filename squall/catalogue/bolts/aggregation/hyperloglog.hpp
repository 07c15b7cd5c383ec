#pragma once
// Approximate distinct counting in little memory: HyperLogLog (Flajolet, Fusy, Gandouet, Meunier,
// "HyperLogLog: the analysis of a near-optimal cardinality estimation algorithm", 2007), with the
// linear-counting estimate for small cardinalities and a sparse form for few values (both from
// Heule, Nunkesser, Hall, "HyperLogLog in Practice", 2013).

#include <cstdint>
#include <vector>

#include "squall/catalogue/bolts/aggregation/state_bytes.hpp"

namespace squall::aggregation {

/// A mergeable distinct-count sketch of 2^precision registers. Standard error about
/// 1.04 / sqrt(2^precision): 1.6% at the default precision 12 (4 KiB once dense). Until 2^precision / 8
/// registers are set it keeps only those (4 bytes each). Hashes must be well mixed 64-bit values.
class HyperLogLog {
 public:
  /// Throws std::invalid_argument unless 4 <= precision <= 16.
  explicit HyperLogLog(int precision = 12);

  void add_hash(std::uint64_t hash);
  /// Adds every value `other` saw. Throws std::invalid_argument for another precision.
  void merge(const HyperLogLog& other);
  /// The estimated number of distinct hashes added.
  double estimate() const;
  int precision() const noexcept { return precision_; }
  /// Appends the registers (for a checkpoint).
  void write(ByteWriter& out) const;
  /// A sketch as write() left it. Throws StateError for truncated bytes or a bad precision.
  static HyperLogLog read(ByteReader& in);

 private:
  void set_register(std::uint32_t index, std::uint8_t rank);
  void densify();

  int precision_;
  std::vector<std::uint8_t> dense_;    // empty while sparse
  std::vector<std::uint32_t> sparse_;  // index << 8 | rank, sorted by index, one per index
};

/// A 64-bit hash of `bytes` with well-mixed bits (std::hash, then the SplitMix64 finaliser).
std::uint64_t mixed_hash(std::string_view bytes) noexcept;

}  // namespace squall::aggregation
