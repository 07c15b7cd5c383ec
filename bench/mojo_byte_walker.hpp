#pragma once
// The benchmark's baseline for the MOJO runtime: each row walks each tree straight from its MOJO
// bytes, decoding every node on the way down, as h2o-genmodel's SharedTreeMojoModel.scoreTree
// does (no JVM here, so this is genmodel's method in C++, not genmodel itself). It handles
// numeric, NA-vs-rest and bitset splits; it skips the domain-range check of categorical columns,
// which only makes the baseline cheaper. Not used outside bench/.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace squall::bench {

class MojoByteWalker {
 public:
  explicit MojoByteWalker(std::vector<std::vector<std::uint8_t>> trees) : trees_(std::move(trees)) {}

  /// The sum of every tree's leaf value for `row`.
  double score(const double* row) const {
    double sum = 0;
    for (const auto& t : trees_) sum += walk(t.data(), row);
    return sum;
  }

 private:
  static std::uint32_t u(const std::uint8_t*& p, int n) {
    std::uint32_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<std::uint32_t>(p[i]) << (8 * i);
    p += n;
    return v;
  }
  static float f32(const std::uint8_t*& p) {
    float f;
    std::memcpy(&f, p, 4);
    p += 4;
    return f;
  }

  static double walk(const std::uint8_t* p, const double* row) {
    for (;;) {
      const std::uint32_t node_type = u(p, 1);
      const std::uint32_t column = u(p, 2);
      if (column == 0xFFFF) return f32(p);
      const std::uint32_t na_split = u(p, 1);
      const bool na_left = na_split == 2 || na_split == 4;
      const std::uint32_t equal = node_type & 12;
      const double d = row[column];
      bool right;
      if (na_split == 1) {
        right = std::isnan(d) ? !na_left : false;
      } else if (equal == 0) {
        const float split = f32(p);
        right = std::isnan(d) ? !na_left : d >= static_cast<double>(split);
      } else {
        std::int32_t first = 0, count = 32;
        if (equal == 12) first = static_cast<std::int32_t>(u(p, 2)), count = static_cast<std::int32_t>(u(p, 4));
        const std::uint8_t* bits = p;
        p += equal == 8 ? 4 : ((count - 1) >> 3) + 1;
        const std::int32_t bit = static_cast<std::int32_t>(d) - first;
        right = std::isnan(d) || bit < 0 || bit >= count ? !na_left : ((bits[bit >> 3] >> (bit & 7)) & 1) != 0;
      }
      const std::uint32_t left_mask = node_type & 51;
      if (!right) {
        if (left_mask <= 3) p += left_mask + 1;  // the left subtree's size
        else return f32(p);                      // the left child is a leaf
        continue;
      }
      if (left_mask <= 3) {
        const std::uint32_t left_size = u(p, static_cast<int>(left_mask) + 1);
        p += left_size;  // skip the left subtree
      } else {
        p += 4;  // skip the left leaf
      }
      if (((node_type & 0xC0) >> 2) & 16) return f32(p);               // the right child is a leaf
    }
  }

  std::vector<std::vector<std::uint8_t>> trees_;
};

}  // namespace squall::bench
