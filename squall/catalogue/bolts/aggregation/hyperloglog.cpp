#include "squall/catalogue/bolts/aggregation/hyperloglog.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string_view>

namespace squall::aggregation {

HyperLogLog::HyperLogLog(int precision) : precision_(precision) {
  if (precision < 4 || precision > 16) throw std::invalid_argument("HyperLogLog precision must be 4 to 16");
}

void HyperLogLog::add_hash(std::uint64_t hash) {
  // The top `precision` bits pick the register; the rank is the position of the first 1 bit in
  // the rest (1-based), as in the paper.
  auto index = static_cast<std::uint32_t>(hash >> (64 - precision_));
  std::uint64_t rest = (hash << precision_) | (std::uint64_t{1} << (precision_ - 1));
  auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  set_register(index, rank);
}

void HyperLogLog::set_register(std::uint32_t index, std::uint8_t rank) {
  if (!dense_.empty()) {
    dense_[index] = std::max(dense_[index], rank);
    return;
  }
  auto it = std::lower_bound(sparse_.begin(), sparse_.end(), index << 8);
  if (it != sparse_.end() && (*it >> 8) == index) {
    if ((*it & 0xff) < rank) *it = index << 8 | rank;
    return;
  }
  sparse_.insert(it, index << 8 | rank);
  if (sparse_.size() > (std::size_t{1} << precision_) / 8) densify();
}

void HyperLogLog::densify() {
  dense_.assign(std::size_t{1} << precision_, 0);
  for (auto e : sparse_) dense_[e >> 8] = static_cast<std::uint8_t>(e & 0xff);
  sparse_.clear();
  sparse_.shrink_to_fit();
}

void HyperLogLog::merge(const HyperLogLog& other) {
  if (other.precision_ != precision_) throw std::invalid_argument("HyperLogLog: merging sketches of different precision");
  if (!other.dense_.empty()) {
    if (dense_.empty()) densify();
    for (std::size_t i = 0; i < dense_.size(); ++i) dense_[i] = std::max(dense_[i], other.dense_[i]);
    return;
  }
  for (auto e : other.sparse_) set_register(e >> 8, static_cast<std::uint8_t>(e & 0xff));
}

double HyperLogLog::estimate() const {
  const double m = static_cast<double>(std::size_t{1} << precision_);
  double sum = 0;
  double zeros = 0;
  if (dense_.empty()) {
    zeros = m - static_cast<double>(sparse_.size());
    sum = zeros;
    for (auto e : sparse_) sum += std::ldexp(1.0, -static_cast<int>(e & 0xff));
  } else {
    for (auto r : dense_) {
      sum += std::ldexp(1.0, -static_cast<int>(r));
      zeros += r == 0;
    }
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  double raw = alpha * m * m / sum;
  if (raw <= 2.5 * m && zeros > 0) return m * std::log(m / zeros);  // linear counting
  return raw;
}

std::uint64_t mixed_hash(std::string_view bytes) noexcept {
  std::uint64_t z = std::hash<std::string_view>{}(bytes) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void HyperLogLog::write(ByteWriter& out) const {
  out.number(static_cast<std::int32_t>(precision_));
  out.text(std::string_view(reinterpret_cast<const char*>(dense_.data()), dense_.size()));
  out.number(static_cast<std::uint32_t>(sparse_.size()));
  for (auto entry : sparse_) out.number(entry);
}

HyperLogLog HyperLogLog::read(ByteReader& in) {
  auto precision = in.number<std::int32_t>();
  if (precision < 4 || precision > 16) throw StateError("a stored HyperLogLog has a bad precision");
  HyperLogLog h(precision);
  auto dense = in.text();
  if (!dense.empty() && dense.size() != (std::size_t{1} << precision)) throw StateError("a stored HyperLogLog has a bad size");
  h.dense_.assign(dense.begin(), dense.end());
  for (auto n = in.number<std::uint32_t>(); n > 0; --n) {
    auto entry = in.number<std::uint32_t>();
    if ((entry >> 8) >= (std::uint32_t{1} << precision) || (!h.sparse_.empty() && entry <= h.sparse_.back()))
      throw StateError("a stored HyperLogLog has a register out of range or out of order");
    h.sparse_.push_back(entry);
  }
  if (!h.dense_.empty() && !h.sparse_.empty()) throw StateError("a stored HyperLogLog is both dense and sparse");
  return h;
}

}  // namespace squall::aggregation
