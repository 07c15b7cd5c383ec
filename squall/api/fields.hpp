#pragma once
// The ordered field names of a stream (Storm's Fields).

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "squall/api/value.hpp"

namespace squall {

/// Ordered, unique field names declared for a stream. Lookups by name are O(fields); streams have
/// few fields, so a linear scan beats hashing.
class Fields {
 public:
  Fields() = default;
  Fields(std::initializer_list<std::string> names);
  explicit Fields(std::vector<std::string> names);

  std::size_t size() const noexcept { return names_.size(); }
  bool empty() const noexcept { return names_.empty(); }
  const std::string& operator[](std::size_t i) const { return names_[i]; }
  const std::vector<std::string>& names() const noexcept { return names_; }
  auto begin() const noexcept { return names_.begin(); }
  auto end() const noexcept { return names_.end(); }

  /// Position of `name`, or nullopt.
  std::optional<std::size_t> find(std::string_view name) const noexcept;
  bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
  /// Position of `name`. Throws UnknownFieldError listing the declared fields.
  std::size_t index_of(std::string_view name) const;

  /// The values of the `selector` fields, in selector order. Throws UnknownFieldError.
  Values select(const Fields& selector, const Values& values) const;

  /// "[word, count]"
  std::string to_string() const;

  friend bool operator==(const Fields&, const Fields&) = default;

 private:
  void check_unique() const;
  std::vector<std::string> names_;
};

}  // namespace squall
