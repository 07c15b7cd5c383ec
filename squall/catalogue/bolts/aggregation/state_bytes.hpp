#pragma once
// The bytes an aggregate's state is checkpointed as: fixed-width little-endian numbers and
// length-prefixed strings, written and read in the same order.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "squall/api/errors.hpp"

namespace squall::aggregation {

/// Appends numbers and strings to `out`.
class ByteWriter {
 public:
  explicit ByteWriter(std::string& out) : out_(out) {}
  template <typename T>
  void number(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }
  void text(std::string_view s) {
    number(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }

 private:
  std::string& out_;
};

/// Reads what a ByteWriter wrote. Throws StateError when the bytes run out (a stored entry that
/// is truncated, or written by another version).
class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  template <typename T>
  T number() {
    T value;
    std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
    return value;
  }
  std::string_view text() { return take(number<std::uint32_t>()); }
  bool done() const noexcept { return in_.empty(); }

 private:
  std::string_view take(std::size_t n) {
    if (n > in_.size()) throw StateError("an aggregate's stored state is truncated");
    auto part = in_.substr(0, n);
    in_.remove_prefix(n);
    return part;
  }
  std::string_view in_;
};

}  // namespace squall::aggregation
