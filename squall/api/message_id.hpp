#pragma once
// The id a spout gives a tuple it wants tracked (Storm's msgId): an integer or a string.

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <functional>
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
  /// A hash consistent with ==, for maps keyed by message id.
  std::size_t hash() const noexcept {
    if (is_int()) return std::hash<std::int64_t>{}(std::get<1>(v_));
    if (is_string()) return std::hash<std::string>{}(std::get<2>(v_));
    return 0;
  }

 private:
  std::variant<std::monostate, std::int64_t, std::string> v_;
};

}  // namespace squall

template <>
struct std::hash<squall::MessageId> {
  std::size_t operator()(const squall::MessageId& id) const noexcept { return id.hash(); }
};
