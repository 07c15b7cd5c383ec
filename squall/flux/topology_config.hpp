#pragma once
// A topology's `config:` (and a component's topology settings): Storm's and squall's keys
// checked against their types and ranges, each problem at its file:line:column.

#include <string_view>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/flux/diagnostics.hpp"
#include "squall/flux/topology_document.hpp"

namespace squall {

/// True for keys under "topology." and "squall.": settings of the run, not of a component.
bool is_topology_setting(std::string_view key);

/// The entries as a Config. A known key (squall/flux/topology_config.cpp's table: the type
/// and range of each, NaN outside every range) with a wrong type or a value out of range, or
/// any value that is not a scalar, is added to `diagnostics` as "`where` 'key': problem" and
/// left out. Unknown keys are kept (Storm passes them to components).
Config read_topology_config(const std::vector<yaml::Entry>& entries, std::string_view where, Diagnostics& diagnostics);

}  // namespace squall
