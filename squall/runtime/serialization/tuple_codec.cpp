#include "squall/runtime/serialization/tuple_codec.hpp"

#include <bit>
#include <limits>
#include <msgpack.hpp>

#include <fmt/format.h>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/api/errors.hpp"

namespace squall::runtime {
namespace {

struct StringSink {
  std::string& out;
  void write(const char* data, std::size_t n) { out.append(data, n); }
};

// msgpack-c 4.x's pack_double writes an integral double (2.0, -0.0) as an integer, which would
// turn a double into an int64 on the far side. Always write float 64 (0xcb, big-endian).
void pack_float64(StringSink& sink, double d) {
  auto bits = std::bit_cast<std::uint64_t>(d);
  char buf[9];
  buf[0] = static_cast<char>(0xcb);
  for (int i = 0; i < 8; ++i) buf[1 + i] = static_cast<char>(bits >> (56 - 8 * i));
  sink.write(buf, 9);
}

void pack_value(msgpack::packer<StringSink>& pk, StringSink& sink, const Value& v) {
  switch (v.type()) {
    case ValueType::nil: pk.pack_nil(); break;
    case ValueType::boolean: v.as_bool() ? pk.pack_true() : pk.pack_false(); break;
    case ValueType::int64: pk.pack_int64(v.as_int()); break;
    case ValueType::float64: pack_float64(sink, v.as_double()); break;
    case ValueType::string: {
      const auto& s = v.as_string();
      pk.pack_str(static_cast<std::uint32_t>(s.size()));
      pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
      break;
    }
    case ValueType::bytes: {
      const auto& b = v.as_bytes().data;
      pk.pack_bin(static_cast<std::uint32_t>(b.size()));
      pk.pack_bin_body(reinterpret_cast<const char*>(b.data()), static_cast<std::uint32_t>(b.size()));
      break;
    }
  }
}

void pack_str(msgpack::packer<StringSink>& pk, const std::string& s) {
  pk.pack_str(static_cast<std::uint32_t>(s.size()));
  pk.pack_str_body(s.data(), static_cast<std::uint32_t>(s.size()));
}

[[noreturn]] void bad(std::string_view what) { throw DecodeError(fmt::format("malformed frame: {}", what)); }

const msgpack::object_array& as_array(const msgpack::object& o, std::string_view what) {
  if (o.type != msgpack::type::ARRAY) bad(fmt::format("{} is not an array", what));
  return o.via.array;
}

std::int64_t as_int(const msgpack::object& o, std::string_view what) {
  if (o.type == msgpack::type::POSITIVE_INTEGER) {
    if (o.via.u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      bad(fmt::format("{} does not fit int64", what));
    return static_cast<std::int64_t>(o.via.u64);
  }
  if (o.type == msgpack::type::NEGATIVE_INTEGER) return o.via.i64;
  bad(fmt::format("{} is not an integer", what));
}

std::uint64_t as_u64(const msgpack::object& o, std::string_view what) {
  if (o.type != msgpack::type::POSITIVE_INTEGER) bad(fmt::format("{} is not an unsigned integer", what));
  return o.via.u64;
}

std::int32_t as_i32(const msgpack::object& o, std::string_view what) {
  auto v = as_int(o, what);
  if (v < std::numeric_limits<std::int32_t>::min() || v > std::numeric_limits<std::int32_t>::max())
    bad(fmt::format("{} does not fit int32", what));
  return static_cast<std::int32_t>(v);
}

std::string_view as_str(const msgpack::object& o, std::string_view what) {
  if (o.type != msgpack::type::STR) bad(fmt::format("{} is not a string", what));
  return {o.via.str.ptr, o.via.str.size};
}

Value to_value(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::NIL: return Value{};
    case msgpack::type::BOOLEAN: return Value{o.via.boolean};
    case msgpack::type::POSITIVE_INTEGER:
    case msgpack::type::NEGATIVE_INTEGER: return Value{as_int(o, "value")};
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return Value{o.via.f64};
    case msgpack::type::STR: return Value{std::string(o.via.str.ptr, o.via.str.size)};
    case msgpack::type::BIN: {
      auto* p = reinterpret_cast<const std::uint8_t*>(o.via.bin.ptr);
      return Value{Bytes{std::vector<std::uint8_t>(p, p + o.via.bin.size)}};
    }
    default: bad("a value is not nil, bool, int, float, str or bin");
  }
}

// The tuples of a batch mostly share one stream: look it up once per run of them.
struct SchemaCache {
  const SchemaLookup& lookup;
  std::string_view component, stream;
  const detail::StreamSchema* schema = nullptr;
  const detail::StreamSchema* find(std::string_view c, std::string_view s) {
    if (!schema || c != component || s != stream) {
      schema = lookup(c, s);
      component = c;
      stream = s;
    }
    return schema;
  }
};

// The acker messages' fields on the wire: [kind, task, origin_task, root, value].
struct ControlFields {
  std::int32_t origin_task = -1;
  std::uint64_t root = 0, value = 0;
};

ControlFields control_fields(const Message& m) {
  return std::visit(Overloaded{
                        [](const TupleMessage&) { return ControlFields{}; },
                        [](const AckInit& a) { return ControlFields{a.spout_task, a.root, a.edges_xor}; },
                        [](const AckAck& a) { return ControlFields{-1, a.root, a.value}; },
                        [](const AckFail& a) { return ControlFields{a.failed_by_task, a.root, 0}; },
                        [](const AckResetTimeout& a) { return ControlFields{-1, a.root, 0}; },
                        [](const RootAcked& r) { return ControlFields{-1, r.root, 0}; },
                        [](const RootFailed& r) { return ControlFields{r.failed_by_task, r.root, 0}; },
                        [](const RootResetTimeout& r) { return ControlFields{-1, r.root, 0}; },
                    },
                    m);
}

Message control_message(std::size_t kind, const ControlFields& f) {
  switch (kind) {
    case 1: return AckInit{f.root, f.value, f.origin_task};
    case 2: return AckAck{f.root, f.value};
    case 3: return AckFail{f.root, f.origin_task};
    case 4: return AckResetTimeout{f.root};
    case 5: return RootAcked{f.root};
    case 6: return RootFailed{f.root, f.origin_task};
    default: return RootResetTimeout{f.root};
  }
}

Envelope to_envelope(const msgpack::object& o, SchemaCache& schemas) {
  const auto& a = as_array(o, "envelope");
  if (a.size != 5 && a.size != 10) bad(fmt::format("envelope has {} items, expected 5 or 10", a.size));
  Envelope e;
  auto kind = as_int(a.ptr[0], "kind");
  if (kind < 0 || kind >= static_cast<std::int64_t>(std::variant_size_v<Message>))
    bad(fmt::format("unknown envelope kind {}", kind));
  e.task = as_i32(a.ptr[1], "task");
  ControlFields fields{as_i32(a.ptr[2], "origin task"), as_u64(a.ptr[3], "root id"), as_u64(a.ptr[4], "ack value")};
  if ((kind == 0) != (a.size == 10)) bad("a tuple envelope must have 10 items, others 5");
  if (kind != 0) {
    e.message = control_message(static_cast<std::size_t>(kind), fields);
    return e;
  }

  auto component = as_str(a.ptr[5], "component");
  auto stream = as_str(a.ptr[6], "stream");
  auto schema = schemas.find(component, stream);
  if (!schema) bad(fmt::format("unknown stream '{}' of component '{}'", stream, component));
  auto state = std::make_shared<detail::TupleState>();
  state->schema = schema;
  state->source_task = as_i32(a.ptr[7], "source task");
  const auto& values = as_array(a.ptr[8], "values");
  if (values.size != state->schema->fields.size())
    bad(fmt::format("{} values for stream '{}' of '{}', which declares {} fields", values.size, stream, component,
                    state->schema->fields.size()));
  state->values.reserve(values.size);
  for (std::uint32_t i = 0; i < values.size; ++i) state->values.push_back(to_value(values.ptr[i]));
  const auto& anchors = as_array(a.ptr[9], "anchors");
  for (std::uint32_t i = 0; i < anchors.size; ++i) {
    const auto& pair = as_array(anchors.ptr[i], "anchor");
    if (pair.size != 2) bad("an anchor is not a [root, edge] pair");
    state->anchors.push_back({as_u64(pair.ptr[0], "anchor root"), as_u64(pair.ptr[1], "anchor edge")});
  }
  e.message = TupleMessage{Tuple(std::move(state))};
  return e;
}

}  // namespace

void encode_batch(const Batch& batch, std::string& out) {
  out.reserve(out.size() + 64 + batch.size() * 96);  // one allocation for a typical batch of small tuples
  StringSink sink{out};
  msgpack::packer<StringSink> pk(sink);
  pk.pack_array(2);
  pk.pack_uint8(kWireVersion);
  pk.pack_array(static_cast<std::uint32_t>(batch.size()));
  for (const auto& e : batch) {
    const auto* tuple = std::get_if<TupleMessage>(&e.message);
    auto fields = control_fields(e.message);
    pk.pack_array(tuple ? 10 : 5);
    pk.pack_uint8(static_cast<std::uint8_t>(e.message.index()));
    pk.pack_int32(e.task);
    pk.pack_int32(fields.origin_task);
    pk.pack_uint64(fields.root);
    pk.pack_uint64(fields.value);
    if (!tuple) continue;
    const auto& s = detail::TupleAccess::state(tuple->tuple);
    pack_str(pk, s.schema->component);
    pack_str(pk, s.schema->stream);
    pk.pack_int32(s.source_task);
    pk.pack_array(static_cast<std::uint32_t>(s.values.size()));
    for (const auto& v : s.values) pack_value(pk, sink, v);
    pk.pack_array(static_cast<std::uint32_t>(s.anchors.size()));
    for (const auto& [root, edge] : s.anchors) {
      pk.pack_array(2);
      pk.pack_uint64(root);
      pk.pack_uint64(edge);
    }
  }
}

Batch decode_batch(std::span<const std::byte> frame, const SchemaLookup& lookup) {
  const auto* data = reinterpret_cast<const char*>(frame.data());
  // Limits: no container or string may claim more elements or bytes than the frame holds, so a
  // forged length cannot make the decoder allocate more than the frame's size.
  std::size_t n = frame.size();
  msgpack::unpack_limit limit(n, n, n, n, n, 8);
  msgpack::object_handle handle;
  std::size_t offset = 0;
  try {
    // Strings and byte arrays are referenced in the frame, not copied into the unpacker's zone:
    // the frame outlives the object tree, which is dropped before this function returns.
    auto reference_in_frame = [](msgpack::type::object_type, std::size_t, void*) { return true; };
    handle = msgpack::unpack(data, n, offset, reference_in_frame, nullptr, limit);
  } catch (const msgpack::insufficient_bytes&) {
    throw DecodeError(fmt::format("truncated frame ({} bytes)", n));
  } catch (const std::exception& e) {
    throw DecodeError(fmt::format("malformed frame: {}", e.what()));
  }
  if (offset != n) bad(fmt::format("{} trailing bytes after the frame", n - offset));
  const auto& top = as_array(handle.get(), "frame");
  if (top.size != 2) bad("frame is not [version, envelopes]");
  auto version = as_int(top.ptr[0], "version");
  if (version != kWireVersion) throw DecodeError(fmt::format("unsupported frame version {} (this build speaks {})", version, kWireVersion));
  const auto& envelopes = as_array(top.ptr[1], "envelopes");
  Batch batch;
  batch.reserve(envelopes.size);
  SchemaCache schemas{lookup, {}, {}, nullptr};
  for (std::uint32_t i = 0; i < envelopes.size; ++i) batch.push_back(to_envelope(envelopes.ptr[i], schemas));
  return batch;
}

}  // namespace squall::runtime
