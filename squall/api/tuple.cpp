#include "squall/api/tuple.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/api/stream_ids.hpp"

namespace squall {
namespace {

// Re-throws a Value type error with the field's name, so the message says which field was wrong.
template <typename F>
decltype(auto) typed(const Tuple& t, std::size_t index, F&& get) {
  const Value& v = t.get(index);
  try {
    return get(v);
  } catch (const TypeMismatchError& e) {
    throw TypeMismatchError(fmt::format("field '{}' (index {}) of stream '{}' from '{}': {}",
                                        index < t.fields().size() ? t.fields()[index] : "?", index,
                                        t.source_stream(), t.source_component(), e.what()));
  }
}

}  // namespace

const Value& Tuple::get(std::string_view field) const { return s_->values.at(index_of(field)); }

bool Tuple::get_bool(std::size_t i) const { return typed(*this, i, [](const Value& v) { return v.as_bool(); }); }
bool Tuple::get_bool(std::string_view f) const { return get_bool(index_of(f)); }
std::int64_t Tuple::get_int(std::size_t i) const { return typed(*this, i, [](const Value& v) { return v.as_int(); }); }
std::int64_t Tuple::get_int(std::string_view f) const { return get_int(index_of(f)); }
double Tuple::get_double(std::size_t i) const { return typed(*this, i, [](const Value& v) { return v.as_double(); }); }
double Tuple::get_double(std::string_view f) const { return get_double(index_of(f)); }
const std::string& Tuple::get_string(std::size_t i) const {
  return typed(*this, i, [](const Value& v) -> const std::string& { return v.as_string(); });
}
const std::string& Tuple::get_string(std::string_view f) const { return get_string(index_of(f)); }
const Bytes& Tuple::get_bytes(std::size_t i) const {
  return typed(*this, i, [](const Value& v) -> const Bytes& { return v.as_bytes(); });
}
const Bytes& Tuple::get_bytes(std::string_view f) const { return get_bytes(index_of(f)); }

std::string Tuple::to_string() const {
  return fmt::format("{}:{} {} {}", source_component(), source_task(), source_stream(),
                     squall::to_string(values()));
}

}  // namespace squall
