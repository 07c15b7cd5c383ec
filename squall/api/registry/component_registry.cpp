#include "squall/api/registry/component_registry.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>
#include <utility>

#include <fmt/format.h>

namespace squall {

std::string_view component_kind_name(ComponentKind kind) noexcept {
  switch (kind) {
    case ComponentKind::spout: return "spout";
    case ComponentKind::bolt: return "bolt";
    case ComponentKind::grouping: return "grouping";
  }
  return "?";
}

namespace {
struct GlobalRegistry {
  std::mutex mutex;
  ComponentRegistry registry;
  std::vector<void (*)(ComponentRegistry&)> pending;  // catalogues loaded, not yet installed
};
GlobalRegistry& global_registry() {
  static GlobalRegistry global;
  return global;
}
}  // namespace

ComponentRegistry& ComponentRegistry::global() {
  auto& global = global_registry();
  std::lock_guard lock(global.mutex);
  // Installed at first use, not while the catalogue library loads: its components' own static
  // data (default settings) may not be initialised yet at that point.
  for (auto install : std::exchange(global.pending, {})) install(global.registry);
  return global.registry;
}

void ComponentRegistry::add_catalogue(void (*install)(ComponentRegistry&)) {
  auto& global = global_registry();
  std::lock_guard lock(global.mutex);
  global.pending.push_back(install);
}

void ComponentRegistry::add(ComponentInfo info) {
  if (info.class_name.empty()) throw RegistrationError("a component was registered without a class name");
  bool has_factory = info.make_spout || info.make_bolt || info.make_grouping;
  if (!has_factory) throw RegistrationError(fmt::format("component '{}' was registered without a factory", info.class_name));
  info.origin = origin_;
  info.plugin = plugin_;
  std::vector<std::string> names = info.aliases;
  names.insert(names.begin(), info.class_name);
  for (const auto& name : names)
    if (const ComponentInfo* taken = find(name))
      throw RegistrationError(fmt::format("className '{}' from {} is already registered by {} (as {} '{}'); rename one of them",
                                          name, origin_, taken->origin, component_kind_name(taken->kind),
                                          taken->class_name));
  components_.push_back(std::make_unique<ComponentInfo>(std::move(info)));
}

const ComponentInfo* ComponentRegistry::find(std::string_view name) const {
  for (const auto& c : components_) {
    if (c->class_name == name) return c.get();
    if (std::find(c->aliases.begin(), c->aliases.end(), name) != c->aliases.end()) return c.get();
  }
  return nullptr;
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) == std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string_view last_segment(std::string_view name) {
  auto dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

}  // namespace

std::string ComponentRegistry::closest(std::string_view name, ComponentKind kind) const {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(3, name.size() / 3) + 1;
  for (const auto& c : components_) {
    if (c->kind != kind) continue;
    std::vector<std::string> names = c->aliases;
    names.push_back(c->class_name);
    for (const auto& candidate : names) {
      std::size_t d = std::min(edit_distance(name, candidate), edit_distance(last_segment(name), last_segment(candidate)) + 1);
      if (d < best_distance) {
        best_distance = d;
        best = c->class_name;
      }
    }
  }
  return best;
}

std::vector<const ComponentInfo*> ComponentRegistry::all() const {
  std::vector<const ComponentInfo*> out;
  for (const auto& c : components_) out.push_back(c.get());
  std::sort(out.begin(), out.end(), [](auto* a, auto* b) { return a->class_name < b->class_name; });
  return out;
}

}  // namespace squall
