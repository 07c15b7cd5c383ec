#pragma once
// The built-in catalogue: every spout, bolt and grouping squall ships, by className. The top layer:
// it is the only place that knows them all (squall::squall links every layer).

#include "squall/api/registry/component_registry.hpp"

namespace squall {

/// Registers squall's built-in components into `registry`. The process-wide registry gets them
/// when this library loads; call it for a registry of your own. Throws RegistrationError when
/// `registry` already holds one of their names.
void register_builtin_components(ComponentRegistry& registry);

}  // namespace squall
