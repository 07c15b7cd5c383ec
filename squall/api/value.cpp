#include "squall/api/value.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {

std::string_view type_name(ValueType type) noexcept {
  switch (type) {
    case ValueType::nil: return "nil";
    case ValueType::boolean: return "bool";
    case ValueType::int64: return "int64";
    case ValueType::float64: return "double";
    case ValueType::string: return "string";
    case ValueType::bytes: return "bytes";
  }
  return "unknown";
}

namespace {
[[noreturn]] void throw_mismatch(ValueType expected, ValueType actual) {
  throw TypeMismatchError(
      fmt::format("expected a {} value, got {}", type_name(expected), type_name(actual)));
}
}  // namespace

bool Value::as_bool() const {
  if (auto* b = std::get_if<bool>(&v_)) return *b;
  throw_mismatch(ValueType::boolean, type());
}

std::int64_t Value::as_int() const {
  if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
  throw_mismatch(ValueType::int64, type());
}

double Value::as_double() const {
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
  throw_mismatch(ValueType::float64, type());
}

const std::string& Value::as_string() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  throw_mismatch(ValueType::string, type());
}

const Bytes& Value::as_bytes() const {
  if (auto* b = std::get_if<Bytes>(&v_)) return *b;
  throw_mismatch(ValueType::bytes, type());
}

std::string Value::to_string() const {
  switch (type()) {
    case ValueType::nil: return "nil";
    case ValueType::boolean: return std::get<bool>(v_) ? "true" : "false";
    case ValueType::int64: return fmt::format("{}", std::get<std::int64_t>(v_));
    case ValueType::float64: return fmt::format("{}", std::get<double>(v_));
    case ValueType::string: return std::get<std::string>(v_);
    case ValueType::bytes: return fmt::format("<{} bytes>", std::get<Bytes>(v_).data.size());
  }
  return {};
}

std::string to_string(const Values& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    out += values[i].to_string();
  }
  return out + "]";
}

}  // namespace squall
