#include "squall/formats/value_format.hpp"

#include <fmt/format.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/detail/input_limits.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/formats/csv/csv_reader.hpp"

namespace squall::kafka {

ValueFormat::ValueFormat(const std::string& format, std::vector<std::string> fields, const nlohmann::json& types,
                         const std::string& delimiter) {
  if (format == "text" || format == "bytes") {
    kind_ = format == "text" ? Kind::text : Kind::bytes;
    fields_ = {"value"};
    return;
  }
  if (format != "csv" && format != "json")
    throw SettingError(fmt::format("KafkaSpout: value.format '{}' must be text, bytes, csv or json", format));
  kind_ = format == "csv" ? Kind::csv : Kind::json;
  if (fields.empty()) throw SettingError(fmt::format("KafkaSpout: value.format {} needs value.fields: [name, ...]", format));
  fields_ = std::move(fields);
  types_ = spouts::field_types_from(types, fields_, "KafkaSpout");
  std::string d = delimiter == "\\t" || delimiter == "tab" ? "\t" : delimiter;
  if (d.size() != 1) throw SettingError(fmt::format("KafkaSpout: value.delimiter must be one character, got '{}'", delimiter));
  delimiter_ = d[0];
}

std::string ValueFormat::decode(std::string_view payload, Values& out) const {
  switch (kind_) {
    case Kind::text:
      out.emplace_back(std::string(payload));
      return {};
    case Kind::bytes:
      out.emplace_back(Bytes{std::vector<std::uint8_t>(payload.begin(), payload.end())});
      return {};
    case Kind::csv: {
      spouts::CsvReader reader(payload, delimiter_);
      auto record = reader.next();
      if (!record) return "empty value";
      if (!record->error.empty()) return record->error;
      if (reader.next()) return "value holds more than one CSV record";
      if (record->fields.size() != fields_.size())
        return fmt::format("{} CSV fields, expected {}", record->fields.size(), fields_.size());
      for (std::size_t i = 0; i < fields_.size(); ++i) {
        Value v;
        if (auto problem = spouts::parse_typed_field(record->fields[i], types_[i], v); !problem.empty())
          return fmt::format("field '{}': {}", fields_[i], problem);
        out.push_back(std::move(v));
      }
      return {};
    }
    case Kind::json: {
      std::string error;
      auto doc = parse_bounded_json(payload, limits::kJsonRecordDepth, error);
      if (doc.is_discarded()) return "value is " + error;
      if (!doc.is_object()) return "JSON value is not an object";
      for (std::size_t i = 0; i < fields_.size(); ++i) {
        auto it = doc.find(fields_[i]);
        if (it == doc.end() || it->is_null()) {
          out.emplace_back();
        } else if (it->is_structured()) {
          if (types_[i] != spouts::FieldType::string) return fmt::format("field '{}' is not a scalar", fields_[i]);
          out.emplace_back(json_text(*it));
        } else if (types_[i] == spouts::FieldType::string) {
          out.emplace_back(it->is_string() ? it->get<std::string>() : json_text(*it));
        } else if (it->is_number_integer() && types_[i] == spouts::FieldType::integer) {
          out.emplace_back(it->get<std::int64_t>());
        } else if (it->is_number() && types_[i] == spouts::FieldType::number) {
          out.emplace_back(it->get<double>());
        } else {
          Value v;
          std::string text = it->is_string() ? it->get<std::string>() : json_text(*it);
          if (auto problem = spouts::parse_typed_field(text, types_[i], v); !problem.empty())
            return fmt::format("field '{}': {}", fields_[i], problem);
          out.push_back(std::move(v));
        }
      }
      return {};
    }
  }
  return "unknown value format";
}

}  // namespace squall::kafka
