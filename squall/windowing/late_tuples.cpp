#include "squall/windowing/late_tuples.hpp"

#include "squall/api/registry/component_settings.hpp"

namespace squall {

const Fields& late_tuple_fields() {
  static const Fields fields{"source_component", "source_stream", "timestamp", "watermark", "values"};
  return fields;
}

Values late_tuple_values(const Tuple& late, std::int64_t timestamp_ms, std::int64_t watermark_ms) {
  return {late.source_component(), late.source_stream(), timestamp_ms, watermark_ms, values_to_json_text(late.values())};
}

}  // namespace squall
