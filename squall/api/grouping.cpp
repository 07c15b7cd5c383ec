#include "squall/api/grouping.hpp"

namespace squall {

std::string_view grouping_type_name(Grouping::Type type) noexcept {
  switch (type) {
    case Grouping::Type::shuffle: return "SHUFFLE";
    case Grouping::Type::fields: return "FIELDS";
    case Grouping::Type::all: return "ALL";
    case Grouping::Type::global: return "GLOBAL";
    case Grouping::Type::none: return "NONE";
    case Grouping::Type::direct: return "DIRECT";
    case Grouping::Type::local_or_shuffle: return "LOCAL_OR_SHUFFLE";
    case Grouping::Type::partial_key: return "PARTIAL_KEY";
    case Grouping::Type::custom: return "CUSTOM";
  }
  return "?";
}

std::optional<Grouping::Type> grouping_type_from_name(std::string_view name) noexcept {
  using T = Grouping::Type;
  for (T type : {T::shuffle, T::fields, T::all, T::global, T::none, T::direct, T::local_or_shuffle, T::partial_key, T::custom})
    if (grouping_type_name(type) == name) return type;
  return std::nullopt;
}

}  // namespace squall
