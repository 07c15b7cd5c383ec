#include "squall/api/message_id.hpp"

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {

std::int64_t MessageId::as_int() const {
  if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
  throw TypeMismatchError("message id is not an integer: " + to_string());
}

const std::string& MessageId::as_string() const {
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  throw TypeMismatchError("message id is not a string: " + to_string());
}

std::string MessageId::to_string() const {
  if (auto* i = std::get_if<std::int64_t>(&v_)) return fmt::format("{}", *i);
  if (auto* s = std::get_if<std::string>(&v_)) return *s;
  return "none";
}

}  // namespace squall
