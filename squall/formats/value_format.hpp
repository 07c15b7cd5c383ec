#pragma once
// How a Kafka record's value becomes tuple fields: as text, as bytes, or parsed from CSV or JSON
// into named, typed fields.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "squall/formats/csv/typed_field.hpp"
#include "squall/api/value.hpp"

namespace squall::kafka {

/// Settings (of KafkaSpout): `value.format` "text" (default: one field "value", a string), "bytes"
/// (one field "value", bytes), "csv" or "json" (the fields named by `value.fields`, typed by
/// `value.types` as CsvSpout's `types`; `value.delimiter` for CSV, default ",").
class ValueFormat {
 public:
  /// Throws SettingError (prefixed "KafkaSpout") for an unknown format, csv/json without
  /// value.fields, a bad type name or delimiter.
  ValueFormat(const std::string& format, std::vector<std::string> fields, const nlohmann::json& types,
              const std::string& delimiter);

  /// The fields a value becomes: {"value"} or value.fields.
  const std::vector<std::string>& fields() const noexcept { return fields_; }

  /// Appends the value's fields to `out`. Returns an empty string, or why the value does not fit
  /// (a CSV record with another field count or broken quoting, JSON that does not parse or is not
  /// an object, a number that does not parse); `out` then holds fewer values than fields().
  /// For JSON, a missing member is nil; a member of another scalar type is converted as text.
  std::string decode(std::string_view payload, Values& out) const;

 private:
  enum class Kind { text, bytes, csv, json };
  Kind kind_;
  std::vector<std::string> fields_;
  std::vector<spouts::FieldType> types_;
  char delimiter_ = ',';
};

}  // namespace squall::kafka
