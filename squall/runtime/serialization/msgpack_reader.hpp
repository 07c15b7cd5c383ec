#pragma once
// A bounds-checked cursor over msgpack bytes (https://github.com/msgpack/msgpack/blob/master/spec.md)
// for the frames between workers: it reads the scalars and array headers of tuple_codec's layout
// straight into envelopes, without building msgpack-c's object tree (a zone allocation and a
// second walk per frame). Maps and ext types are not part of the layout and are refused.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "squall/api/value.hpp"

namespace squall::runtime {

class MsgpackReader {
 public:
  explicit MsgpackReader(std::span<const std::byte> bytes) noexcept
      : at_(reinterpret_cast<const std::uint8_t*>(bytes.data())), end_(at_ + bytes.size()), size_(bytes.size()) {}

  /// An array header: its element count, at most the bytes left (each element takes one or
  /// more), so that a forged count cannot make a caller reserve more than the frame's size.
  std::uint32_t array(std::string_view what);
  /// Any integer encoding of a value in int64. Refuses a uint64 above INT64_MAX.
  std::int64_t int64(std::string_view what);
  /// Any integer encoding of a value in int32.
  std::int32_t int32(std::string_view what);
  /// Any integer encoding of a value ≥ 0.
  std::uint64_t uint64(std::string_view what);
  /// A str's bytes, pointing into the frame.
  std::string_view str(std::string_view what);
  /// nil, bool, int (→ int64), float 32/64 (→ double), str (→ string) or bin (→ Bytes).
  Value value();

  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - at_); }

  // Every method throws DecodeError: "truncated frame (N bytes)" when the bytes end early,
  // "malformed frame: <what> is not ..." for another type or an out-of-range integer.

 private:
  /// A decoded integer: its magnitude in 64 bits and whether the encoding was negative.
  struct Integer {
    std::uint64_t bits;
    bool negative;
  };
  Integer integer(std::string_view what);
  bool integer_marker(std::uint8_t marker) const noexcept;
  std::uint8_t byte();
  std::uint64_t big_endian(std::size_t bytes);
  const std::uint8_t* take(std::size_t bytes);
  [[noreturn]] void not_a(std::string_view what, std::string_view expected) const;

  const std::uint8_t* at_;
  const std::uint8_t* end_;
  std::size_t size_;
};

}  // namespace squall::runtime
