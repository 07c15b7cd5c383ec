#include "squall/runtime/serialization/msgpack_reader.hpp"

#include <bit>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall::runtime {

const std::uint8_t* MsgpackReader::take(std::size_t bytes) {
  if (remaining() < bytes) throw DecodeError(fmt::format("truncated frame ({} bytes)", size_));
  auto* start = at_;
  at_ += bytes;
  return start;
}

std::uint8_t MsgpackReader::byte() { return *take(1); }

std::uint64_t MsgpackReader::big_endian(std::size_t bytes) {
  const auto* p = take(bytes);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v = (v << 8) | p[i];
  return v;
}

void MsgpackReader::not_a(std::string_view what, std::string_view expected) const {
  throw DecodeError(fmt::format("malformed frame: {} is not {}", what, expected));
}

std::uint32_t MsgpackReader::array(std::string_view what) {
  auto marker = byte();
  std::uint64_t count;
  if (marker >= 0x90 && marker <= 0x9f) count = marker & 0x0f;
  else if (marker == 0xdc) count = big_endian(2);
  else if (marker == 0xdd) count = big_endian(4);
  else not_a(what, "an array");
  if (count > remaining()) throw DecodeError(fmt::format("truncated frame ({} bytes)", size_));
  return static_cast<std::uint32_t>(count);
}

bool MsgpackReader::integer_marker(std::uint8_t m) const noexcept {
  return m <= 0x7f || m >= 0xe0 || (m >= 0xcc && m <= 0xcf) || (m >= 0xd0 && m <= 0xd3);
}

MsgpackReader::Integer MsgpackReader::integer(std::string_view what) {
  auto m = byte();
  if (m <= 0x7f) return {m, false};
  if (m >= 0xe0) return {static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int8_t>(m))), true};
  if (m >= 0xcc && m <= 0xcf) return {big_endian(std::size_t{1} << (m - 0xcc)), false};
  if (m >= 0xd0 && m <= 0xd3) {
    std::size_t n = std::size_t{1} << (m - 0xd0);
    auto raw = big_endian(n);
    // Sign-extend the n-byte two's complement value.
    auto shift = 64 - 8 * n;
    auto v = shift ? static_cast<std::int64_t>(raw << shift) >> shift : static_cast<std::int64_t>(raw);
    return {static_cast<std::uint64_t>(v), v < 0};
  }
  not_a(what, "an integer");
}

std::int64_t MsgpackReader::int64(std::string_view what) {
  auto [bits, negative] = integer(what);
  if (!negative && bits > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    throw DecodeError(fmt::format("malformed frame: {} does not fit int64", what));
  return static_cast<std::int64_t>(bits);
}

std::int32_t MsgpackReader::int32(std::string_view what) {
  auto v = int64(what);
  if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max())
    throw DecodeError(fmt::format("malformed frame: {} does not fit int32", what));
  return static_cast<std::int32_t>(v);
}

std::uint64_t MsgpackReader::uint64(std::string_view what) {
  auto [bits, negative] = integer(what);
  if (negative) not_a(what, "an unsigned integer");
  return bits;
}

std::string_view MsgpackReader::str(std::string_view what) {
  auto m = byte();
  std::size_t n;
  if (m >= 0xa0 && m <= 0xbf) n = m & 0x1f;
  else if (m >= 0xd9 && m <= 0xdb) n = big_endian(std::size_t{1} << (m - 0xd9));
  else not_a(what, "a string");
  const auto* p = take(n);
  return {reinterpret_cast<const char*>(p), n};
}

Value MsgpackReader::value() {
  if (at_ == end_) throw DecodeError(fmt::format("truncated frame ({} bytes)", size_));
  auto m = *at_;
  if (integer_marker(m)) return Value{int64("value")};
  if ((m >= 0xa0 && m <= 0xbf) || (m >= 0xd9 && m <= 0xdb)) return Value{std::string(str("value"))};
  ++at_;
  switch (m) {
    case 0xc0: return Value{};
    case 0xc2: return Value{false};
    case 0xc3: return Value{true};
    case 0xca: return Value{static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(big_endian(4))))};
    case 0xcb: return Value{std::bit_cast<double>(big_endian(8))};
    case 0xc4:
    case 0xc5:
    case 0xc6: {
      auto n = static_cast<std::size_t>(big_endian(std::size_t{1} << (m - 0xc4)));
      const auto* p = take(n);
      return Value{Bytes{std::vector<std::uint8_t>(p, p + n)}};
    }
    default: not_a("a value", "nil, bool, int, float, str or bin");
  }
}

}  // namespace squall::runtime
