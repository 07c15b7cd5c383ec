#pragma once
// One factory per built-in grouping; make_grouper picks among them.

#include "squall/runtime/routing/grouper.hpp"

namespace squall::groupings {

std::unique_ptr<Grouper> make_shuffle(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_fields(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_all(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_global(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_direct(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_local_or_shuffle(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_partial_key(const GrouperSpec& spec);
std::unique_ptr<Grouper> make_custom(const GrouperSpec& spec);

/// Positions of `key` in the source stream's fields; throws TopologyError naming the missing field.
std::vector<std::size_t> key_indices(const GrouperSpec& spec);

}  // namespace squall::groupings
