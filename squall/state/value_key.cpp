#include "squall/state/value_key.hpp"

#include "squall/api/detail/value_hash.hpp"

namespace squall::state {

std::size_t ValueKeyHash::operator()(const Value& key) const {
  return static_cast<std::size_t>(groupings::stable_hash(key));
}

}  // namespace squall::state
