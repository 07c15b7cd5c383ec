#pragma once
// The late-tuple stream of event-time windows: where a tuple goes when its windows were already
// evaluated (Storm's withLateTupleStream).

#include <cstdint>

#include "squall/api/fields.hpp"
#include "squall/api/tuple.hpp"
#include "squall/api/value.hpp"

namespace squall {

/// Fields of a late-tuple stream: ("source_component", "source_stream", "timestamp",
/// "watermark", "values"); timestamps in ms, "values" the late tuple's values as a JSON array.
const Fields& late_tuple_fields();

/// The late-stream values for `late`, whose timestamp `timestamp_ms` was below `watermark_ms`.
Values late_tuple_values(const Tuple& late, std::int64_t timestamp_ms, std::int64_t watermark_ms);

}  // namespace squall
