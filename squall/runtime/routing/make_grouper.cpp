#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/routing/groupers.hpp"

namespace squall::groupings {

std::unique_ptr<Grouper> make_grouper(const GrouperSpec& spec) {
  using T = Grouping::Type;
  switch (spec.grouping->type) {
    case T::shuffle:
    case T::none: return make_shuffle(spec);
    case T::fields: return make_fields(spec);
    case T::all: return make_all(spec);
    case T::global: return make_global(spec);
    case T::direct: return make_direct(spec);
    case T::local_or_shuffle: return make_local_or_shuffle(spec);
    case T::partial_key: return make_partial_key(spec);
    case T::custom: return make_custom(spec);
  }
  throw TopologyError("unknown grouping type");
}

std::vector<std::size_t> key_indices(const GrouperSpec& spec) {
  std::vector<std::size_t> out;
  for (const auto& name : spec.grouping->fields) {
    auto i = spec.source_fields->find(name);
    if (!i)
      throw TopologyError(fmt::format("{} grouping of '{}' on stream '{}' of '{}': no field '{}' (the stream declares {})",
                                      grouping_type_name(spec.grouping->type), spec.context.target_component,
                                      spec.context.stream, spec.context.source_component, name,
                                      spec.source_fields->to_string()));
    out.push_back(*i);
  }
  if (out.empty())
    throw TopologyError(fmt::format("{} grouping of '{}' names no key fields",
                                    grouping_type_name(spec.grouping->type), spec.context.target_component));
  return out;
}

}  // namespace squall::groupings
