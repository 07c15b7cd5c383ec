#pragma once
// A single tuple value: nil, bool, int64, double, string or bytes (the msgpack types).

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace squall {

/// Raw binary data (msgpack "bin"), distinct from text (msgpack "str").
struct Bytes {
  std::vector<std::uint8_t> data;
  friend bool operator==(const Bytes&, const Bytes&) = default;
};

/// The type held by a Value.
enum class ValueType : std::uint8_t { nil, boolean, int64, float64, string, bytes };

/// Name of a type as shown in error messages: "nil", "bool", "int64", "double", "string", "bytes".
std::string_view type_name(ValueType type) noexcept;

/// One value of a tuple. Cheap to move; copying a string or bytes value copies its contents.
/// Integers of every width become int64; `const char*` becomes a string, never a bool.
class Value {
 public:
  Value() noexcept = default;
  Value(std::nullptr_t) noexcept {}
  Value(bool b) noexcept : v_(b) {}
  template <typename I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  Value(I i) noexcept : v_(static_cast<std::int64_t>(i)) {}
  Value(double d) noexcept : v_(d) {}
  Value(float f) noexcept : v_(static_cast<double>(f)) {}
  Value(std::string s) noexcept : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(Bytes b) noexcept : v_(std::move(b)) {}

  ValueType type() const noexcept { return static_cast<ValueType>(v_.index()); }
  bool is_nil() const noexcept { return type() == ValueType::nil; }

  /// Typed access. Each throws TypeMismatchError naming the expected and the actual type.
  /// as_double() also accepts an int64 (widened), as numbers in YAML and CSV often are.
  bool as_bool() const;
  std::int64_t as_int() const;
  double as_double() const;
  const std::string& as_string() const;
  const Bytes& as_bytes() const;

  /// A readable rendering: strings unquoted, bytes as <N bytes>, nil as "nil".
  std::string to_string() const;

  friend bool operator==(const Value&, const Value&) = default;

 private:
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Bytes> v_;
};

/// The values of one tuple, in the order of the stream's declared Fields.
using Values = std::vector<Value>;

/// "[a, 1, 2.5]": for logs and error messages.
std::string to_string(const Values& values);

}  // namespace squall
