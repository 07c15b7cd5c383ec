#include "squall/runtime/serialization/tuple_codec.hpp"

#include <bit>
#include <limits>
#include <msgpack.hpp>

#include <fmt/format.h>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/api/errors.hpp"
#include "squall/runtime/serialization/msgpack_reader.hpp"

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

Envelope read_envelope(MsgpackReader& in, SchemaCache& schemas) {
  auto items = in.array("envelope");
  if (items != 5 && items != 10) bad(fmt::format("envelope has {} items, expected 5 or 10", items));
  Envelope e;
  auto kind = in.int64("kind");
  if (kind < 0 || kind >= static_cast<std::int64_t>(std::variant_size_v<Message>))
    bad(fmt::format("unknown envelope kind {}", kind));
  e.task = in.int32("task");
  ControlFields fields;
  fields.origin_task = in.int32("origin task");
  fields.root = in.uint64("root id");
  fields.value = in.uint64("ack value");
  if ((kind == 0) != (items == 10)) bad("a tuple envelope must have 10 items, others 5");
  if (kind != 0) {
    e.message = control_message(static_cast<std::size_t>(kind), fields);
    return e;
  }

  auto component = in.str("component");
  auto stream = in.str("stream");
  auto schema = schemas.find(component, stream);
  if (!schema) bad(fmt::format("unknown stream '{}' of component '{}'", stream, component));
  auto state = std::make_shared<detail::TupleState>();
  state->schema = schema;
  state->source_task = in.int32("source task");
  auto values = in.array("values");
  if (values != state->schema->fields.size())
    bad(fmt::format("{} values for stream '{}' of '{}', which declares {} fields", values, stream, component,
                    state->schema->fields.size()));
  state->values.reserve(values);
  for (std::uint32_t i = 0; i < values; ++i) state->values.push_back(in.value());
  auto anchors = in.array("anchors");
  for (std::uint32_t i = 0; i < anchors; ++i) {
    if (in.array("anchor") != 2) bad("an anchor is not a [root, edge] pair");
    auto root = in.uint64("anchor root");
    state->anchors.push_back({root, in.uint64("anchor edge")});
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
  // Read in place: no object tree, and no count may claim more elements than the bytes left
  // (MsgpackReader::array), so a forged length cannot make the decoder allocate beyond the frame.
  MsgpackReader in(frame);
  if (in.array("frame") != 2) bad("frame is not [version, envelopes]");
  auto version = in.int64("version");
  if (version != kWireVersion) throw DecodeError(fmt::format("unsupported frame version {} (this build speaks {})", version, kWireVersion));
  auto envelopes = in.array("envelopes");
  Batch batch;
  batch.reserve(envelopes);
  SchemaCache schemas{lookup, {}, {}, nullptr};
  for (std::uint32_t i = 0; i < envelopes; ++i) batch.push_back(read_envelope(in, schemas));
  if (in.remaining() != 0) bad(fmt::format("{} trailing bytes after the frame", in.remaining()));
  return batch;
}

}  // namespace squall::runtime
