#include "squall/state/value_bytes.hpp"

#include <msgpack.hpp>

#include "squall/api/errors.hpp"

namespace squall::state {

namespace {
/// A msgpack stream straight into a string (sbuffer would allocate 8 KiB per value).
struct StringStream {
  std::string& out;
  void write(const char* data, std::size_t size) { out.append(data, size); }
};
}  // namespace

std::string value_to_bytes(const Value& value) {
  std::string buffer;
  StringStream stream{buffer};
  msgpack::packer<StringStream> pack(stream);
  switch (value.type()) {
    case ValueType::nil: pack.pack_nil(); break;
    case ValueType::boolean: pack.pack(value.as_bool()); break;
    case ValueType::int64: pack.pack(value.as_int()); break;
    case ValueType::float64: pack.pack_double(value.as_double()); break;
    case ValueType::string: pack.pack(value.as_string()); break;
    case ValueType::bytes: {
      const auto& b = value.as_bytes().data;
      pack.pack_bin(static_cast<std::uint32_t>(b.size()));
      pack.pack_bin_body(reinterpret_cast<const char*>(b.data()), static_cast<std::uint32_t>(b.size()));
      break;
    }
  }
  return buffer;
}

Value value_from_bytes(std::string_view bytes) {
  msgpack::object_handle handle;
  std::size_t offset = 0;
  try {
    handle = msgpack::unpack(bytes.data(), bytes.size(), offset);
  } catch (const std::exception& e) {
    throw StateError(std::string("a stored state entry is not msgpack: ") + e.what());
  }
  if (offset != bytes.size()) throw StateError("a stored state entry has trailing bytes");
  const msgpack::object& o = handle.get();
  switch (o.type) {
    case msgpack::type::NIL: return Value();
    case msgpack::type::BOOLEAN: return Value(o.via.boolean);
    case msgpack::type::POSITIVE_INTEGER:
      if (o.via.u64 > static_cast<std::uint64_t>(INT64_MAX)) break;
      return Value(static_cast<std::int64_t>(o.via.u64));
    case msgpack::type::NEGATIVE_INTEGER: return Value(o.via.i64);
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return Value(o.via.f64);
    case msgpack::type::STR: return Value(std::string(o.via.str.ptr, o.via.str.size));
    case msgpack::type::BIN: {
      const auto* p = reinterpret_cast<const std::uint8_t*>(o.via.bin.ptr);
      return Value(Bytes{std::vector<std::uint8_t>(p, p + o.via.bin.size)});
    }
    default: break;
  }
  throw StateError("a stored state entry holds a type no tuple value has");
}

}  // namespace squall::state
