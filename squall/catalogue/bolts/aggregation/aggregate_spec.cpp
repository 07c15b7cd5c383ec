#include "squall/catalogue/bolts/aggregation/aggregate_spec.hpp"

#include <array>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "squall/api/registry/component_settings.hpp"

namespace squall::aggregation {
namespace {

constexpr std::array<std::pair<std::string_view, AggregateKind>, 8> kFunctions{{{"count", AggregateKind::count},
                                                                                 {"sum", AggregateKind::sum},
                                                                                 {"min", AggregateKind::min},
                                                                                 {"max", AggregateKind::max},
                                                                                 {"mean", AggregateKind::mean},
                                                                                 {"avg", AggregateKind::mean},
                                                                                 {"distinct", AggregateKind::distinct},
                                                                                 {"approx_distinct", AggregateKind::approx_distinct}}};

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

[[noreturn]] void bad(std::string_view text, std::string_view why) {
  throw SettingError(fmt::format("aggregate '{}': {}; write count, or FUNCTION(FIELD) [as NAME] with FUNCTION one of "
                                 "sum, min, max, mean, distinct, approx_distinct",
                                 text, why));
}

}  // namespace

bool AggregateSpec::invertible() const noexcept {
  return kind == AggregateKind::count || kind == AggregateKind::sum || kind == AggregateKind::mean ||
         kind == AggregateKind::distinct;
}

AggregateSpec parse_aggregate(std::string_view text) {
  std::string_view rest = trim(text);
  std::string alias;
  if (auto as = rest.find(" as "); as != std::string_view::npos) {
    alias = std::string(trim(rest.substr(as + 4)));
    rest = trim(rest.substr(0, as));
    if (alias.empty()) bad(text, "'as' needs a name");
  }
  std::string_view function = rest, field;
  if (auto open = rest.find('('); open != std::string_view::npos) {
    if (rest.back() != ')') bad(text, "a ')' is missing");
    function = trim(rest.substr(0, open));
    field = trim(rest.substr(open + 1, rest.size() - open - 2));
  }
  AggregateSpec spec;
  auto it = std::find_if(kFunctions.begin(), kFunctions.end(), [&](const auto& f) { return f.first == function; });
  if (it == kFunctions.end()) bad(text, fmt::format("unknown function '{}'", function));
  spec.kind = it->second;
  if (spec.kind == AggregateKind::count) {
    if (!field.empty()) bad(text, "count takes no field");
  } else if (field.empty()) {
    bad(text, fmt::format("{} needs a field", function));
  }
  spec.field = std::string(field);
  spec.name = !alias.empty() ? alias
              : spec.kind == AggregateKind::count ? std::string("count")
                                                  : fmt::format("{}_{}", function == "avg" ? "mean" : function, field);
  return spec;
}

std::vector<AggregateSpec> parse_aggregates(const std::vector<std::string>& texts) {
  if (texts.empty()) throw SettingError("aggregates: give at least one, e.g. [count]");
  std::vector<AggregateSpec> specs;
  std::set<std::string> names;
  for (const auto& t : texts) {
    specs.push_back(parse_aggregate(t));
    if (!names.insert(specs.back().name).second)
      throw SettingError(fmt::format("aggregates: two produce the field '{}'; rename one with 'as'", specs.back().name));
  }
  return specs;
}

}  // namespace squall::aggregation
