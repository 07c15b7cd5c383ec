#include "squall/api/detail/value_hash.hpp"

#include <bit>
#include <cstring>

namespace squall::groupings {
namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

std::uint64_t fnv(std::uint64_t h, const void* data, std::size_t n) noexcept {
  auto* p = static_cast<const unsigned char*>(data);
  for (std::size_t i = 0; i < n; ++i) h = (h ^ p[i]) * kFnvPrime;
  return h;
}

std::uint64_t fnv_u64(std::uint64_t h, std::uint64_t v) noexcept {
  unsigned char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<unsigned char>(v >> (8 * i));
  return fnv(h, b, 8);
}

// Final avalanche (splitmix64's), so that "mod tasks" uses well-mixed low bits.
std::uint64_t mix(std::uint64_t z) noexcept {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t hash_into(std::uint64_t h, const Value& v) noexcept {
  auto tag = static_cast<unsigned char>(v.type());
  h = fnv(h, &tag, 1);
  switch (v.type()) {
    case ValueType::nil: return h;
    case ValueType::boolean: return fnv_u64(h, v.as_bool() ? 1 : 0);
    case ValueType::int64: return fnv_u64(h, static_cast<std::uint64_t>(v.as_int()));
    case ValueType::float64: {
      double d = v.as_double();
      if (d == 0.0) d = 0.0;
      return fnv_u64(h, std::bit_cast<std::uint64_t>(d));
    }
    case ValueType::string: return fnv(h, v.as_string().data(), v.as_string().size());
    case ValueType::bytes: return fnv(h, v.as_bytes().data.data(), v.as_bytes().data.size());
  }
  return h;
}

}  // namespace

std::uint64_t stable_hash(const Value& value, std::uint64_t seed) noexcept {
  return mix(hash_into(kFnvOffset ^ mix(seed), value));
}

std::uint64_t stable_hash(std::span<const Value> values, std::uint64_t seed) noexcept {
  std::uint64_t h = kFnvOffset ^ mix(seed);
  for (const auto& v : values) h = hash_into(h, v);
  return mix(h);
}

std::uint64_t stable_hash(std::span<const Value> values, std::span<const std::size_t> indices,
                          std::uint64_t seed) noexcept {
  std::uint64_t h = kFnvOffset ^ mix(seed);
  for (auto i : indices) h = hash_into(h, values[i]);
  return mix(h);
}

}  // namespace squall::groupings
