#include "squall/api/fields.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/errors.hpp"

namespace squall {

Fields::Fields(std::initializer_list<std::string> names) : names_(names) { check_unique(); }
Fields::Fields(std::vector<std::string> names) : names_(std::move(names)) { check_unique(); }

void Fields::check_unique() const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    for (std::size_t j = i + 1; j < names_.size(); ++j)
      if (names_[i] == names_[j])
        throw TopologyError(fmt::format("field '{}' is declared twice in {}", names_[i], to_string()));
}

std::optional<std::size_t> Fields::find(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return i;
  return std::nullopt;
}

std::size_t Fields::index_of(std::string_view name) const {
  if (auto i = find(name)) return *i;
  throw UnknownFieldError(fmt::format("unknown field '{}': the stream declares {}", name, to_string()));
}

Values Fields::select(const Fields& selector, const Values& values) const {
  Values out;
  out.reserve(selector.size());
  for (const auto& name : selector) out.push_back(values.at(index_of(name)));
  return out;
}

std::string Fields::to_string() const { return fmt::format("[{}]", fmt::join(names_, ", ")); }

}  // namespace squall
