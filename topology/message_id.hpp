#pragma once
// The id a spout gives a tuple it wants tracked (Storm's msgId): an integer or a string.

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

namespace squall {

/// A spout message id. Empty means "unreliable": the tuple is not tracked, never acked or failed.
/// The spout gets the same id back in ack(id) or fail(id).
class MessageId {
 public:
  MessageId() = default;
  template <typename I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  MessageId(I id) : v_(static_cast<std::int64_t>(id)) {}
  MessageId(std::string id) : v_(std::move(id)) {}
  MessageId(std::string_view id) : v_(std::string(id)) {}
  MessageId(const char* id) : v_(std::string(id)) {}

  bool has_value() const noexcept { return v_.index() != 0; }
  bool is_int() const noexcept { return v_.index() == 1; }
  bool is_string() const noexcept { return v_.index() == 2; }
  /// Throws TypeMismatchError when the id is not of that kind.
  std::int64_t as_int() const;
  const std::string& as_string() const;
  /// "42", "row-7" or "none".
  std::string to_string() const;

  friend bool operator==(const MessageId&, const MessageId&) = default;

 private:
  std::variant<std::monostate, std::int64_t, std::string> v_;
};

}  // namespace squall
