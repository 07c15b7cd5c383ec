#pragma once
// msgpack encoding of envelope batches, for tuples that leave the process; decoding reads the
// bytes in place (MsgpackReader) into envelopes.
//
// Frame layout (msgpack):  [version=1, [envelope, ...]]
//   envelope: [kind, task, origin_task, root, value]                        (acker messages)
//          or [kind, task, origin_task, root, value,
//              component, stream, source_task, [value, ...], [[root, edge], ...]]   (tuples)
//   kind is the Message alternative's index; origin_task is AckInit's spout task or AckFail's and
//   RootFailed's failing task (else -1); value is AckInit's edges XOR or AckAck's value (else 0).
//   value:    nil | bool | int (fits int64) | float (→ double) | str | bin

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "squall/runtime/message/envelope.hpp"

namespace squall::runtime {

inline constexpr std::uint8_t kWireVersion = 1;

/// Finds the schema of a (component, stream); nullptr when the topology has none.
using SchemaLookup = std::function<const detail::StreamSchema*(std::string_view component, std::string_view stream)>;

/// Appends the frame of `batch` to `out`.
void encode_batch(const Batch& batch, std::string& out);

/// Decodes one frame. Throws DecodeError (never crashes, never allocates beyond the frame's own
/// size) for a truncated or malformed frame, trailing bytes, an unknown version or kind, an
/// unknown stream, an integer outside int64, or a value count that differs from the stream's
/// fields.
Batch decode_batch(std::span<const std::byte> frame, const SchemaLookup& lookup);

}  // namespace squall::runtime
