#include "squall/catalogue/bolts/aggregation/accumulator.hpp"

#include <algorithm>
#include <cmath>

#include "squall/catalogue/bolts/aggregation/group_key.hpp"

namespace squall::aggregation {

Accumulator& Accumulator::operator=(const Accumulator& other) {
  if (this == &other) return *this;
  n_ = other.n_;
  x_ = other.x_;
  distinct_ = other.distinct_ ? std::make_unique<std::unordered_map<std::string, std::int64_t>>(*other.distinct_) : nullptr;
  sketch_ = other.sketch_ ? std::make_unique<HyperLogLog>(*other.sketch_) : nullptr;
  return *this;
}

bool Accumulator::accepts(const AggregateSpec& spec, const Value& v) noexcept {
  switch (spec.kind) {
    case AggregateKind::sum:
    case AggregateKind::min:
    case AggregateKind::max:
    case AggregateKind::mean: return v.is_nil() || v.type() == ValueType::int64 || v.type() == ValueType::float64;
    default: return true;
  }
}

void Accumulator::add(const AggregateSpec& spec, const Value& v, int hll_precision) {
  if (spec.kind == AggregateKind::count) {
    ++n_;
    return;
  }
  if (v.is_nil()) return;
  switch (spec.kind) {
    case AggregateKind::sum:
    case AggregateKind::mean: x_ += v.as_double(); break;
    case AggregateKind::min: x_ = n_ ? std::min(x_, v.as_double()) : v.as_double(); break;
    case AggregateKind::max: x_ = n_ ? std::max(x_, v.as_double()) : v.as_double(); break;
    case AggregateKind::distinct: {
      if (!distinct_) distinct_ = std::make_unique<std::unordered_map<std::string, std::int64_t>>();
      std::string key;
      append_key(key, v);
      ++(*distinct_)[key];
      break;
    }
    case AggregateKind::approx_distinct: {
      if (!sketch_) sketch_ = std::make_unique<HyperLogLog>(hll_precision);
      std::string key;
      append_key(key, v);
      sketch_->add_hash(mixed_hash(key));
      break;
    }
    case AggregateKind::count: break;
  }
  ++n_;
}

void Accumulator::merge(const AggregateSpec& spec, const Accumulator& other) {
  if (other.n_ == 0) return;
  switch (spec.kind) {
    case AggregateKind::min: x_ = n_ ? std::min(x_, other.x_) : other.x_; break;
    case AggregateKind::max: x_ = n_ ? std::max(x_, other.x_) : other.x_; break;
    case AggregateKind::distinct:
      if (!distinct_) distinct_ = std::make_unique<std::unordered_map<std::string, std::int64_t>>();
      for (const auto& [k, c] : *other.distinct_) (*distinct_)[k] += c;
      break;
    case AggregateKind::approx_distinct:
      if (!sketch_) sketch_ = std::make_unique<HyperLogLog>(*other.sketch_);
      else sketch_->merge(*other.sketch_);
      break;
    default: x_ += other.x_; break;
  }
  n_ += other.n_;
}

void Accumulator::subtract(const AggregateSpec& spec, const Accumulator& other) {
  if (other.n_ == 0) return;
  n_ -= other.n_;
  if (spec.kind == AggregateKind::distinct) {
    for (const auto& [k, c] : *other.distinct_) {
      auto it = distinct_->find(k);
      if ((it->second -= c) == 0) distinct_->erase(it);
    }
  } else {
    x_ -= other.x_;
  }
  if (n_ == 0) x_ = 0;  // no rounding residue once every input has left
}

Value Accumulator::result(const AggregateSpec& spec) const {
  switch (spec.kind) {
    case AggregateKind::count: return n_;
    case AggregateKind::sum: return x_;
    case AggregateKind::min:
    case AggregateKind::max: return n_ ? Value(x_) : Value();
    case AggregateKind::mean: return n_ ? Value(x_ / static_cast<double>(n_)) : Value();
    case AggregateKind::distinct: return static_cast<std::int64_t>(distinct_ ? distinct_->size() : 0);
    case AggregateKind::approx_distinct: return static_cast<std::int64_t>(sketch_ ? std::llround(sketch_->estimate()) : 0);
  }
  return {};
}

void Accumulator::write(ByteWriter& out) const {
  out.number(n_);
  out.number(x_);
  out.number(static_cast<std::uint8_t>((distinct_ ? 1 : 0) | (sketch_ ? 2 : 0)));
  if (distinct_) {
    out.number(static_cast<std::uint32_t>(distinct_->size()));
    for (const auto& [k, c] : *distinct_) {
      out.text(k);
      out.number(c);
    }
  }
  if (sketch_) sketch_->write(out);
}

Accumulator Accumulator::read(ByteReader& in) {
  Accumulator a;
  a.n_ = in.number<std::int64_t>();
  a.x_ = in.number<double>();
  auto parts = in.number<std::uint8_t>();
  if (parts & 1) {
    a.distinct_ = std::make_unique<std::unordered_map<std::string, std::int64_t>>();
    for (auto n = in.number<std::uint32_t>(); n > 0; --n) {
      std::string k(in.text());
      (*a.distinct_)[k] = in.number<std::int64_t>();
    }
  }
  if (parts & 2) a.sketch_ = std::make_unique<HyperLogLog>(HyperLogLog::read(in));
  return a;
}

}  // namespace squall::aggregation
