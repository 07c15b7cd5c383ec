#include "windowing/late_tuples.hpp"

#include <nlohmann/json.hpp>

#include "topology/registry/component_settings.hpp"

namespace squall {

const Fields& late_tuple_fields() {
  static const Fields fields{"source_component", "source_stream", "timestamp", "watermark", "values"};
  return fields;
}

Values late_tuple_values(const Tuple& late, std::int64_t timestamp_ms, std::int64_t watermark_ms) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& v : late.values()) values.push_back(value_to_json(v));
  return {late.source_component(), late.source_stream(), timestamp_ms, watermark_ms, values.dump()};
}

}  // namespace squall
