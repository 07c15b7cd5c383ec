#pragma once
// The component registry: what a topology file's `className` resolves to. Built-in spouts and
// bolts are registered under squall names (squall.spouts.CsvSpout), short aliases (CsvSpout) and,
// for Storm's stock test components, Storm's class names; plugins add their own (plugin.hpp).

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/grouping.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/api/registry/settings_schema.hpp"
#include "squall/api/spout.hpp"

namespace squall {

enum class ComponentKind { spout, bolt, grouping };

/// "spout", "bolt", "grouping".
std::string_view component_kind_name(ComponentKind kind) noexcept;

/// What a component tells the registry about itself: its names, a one-line description and the
/// schema of its settings. `constructor_args` names the settings that a topology file's
/// positional `constructorArgs` fill, in order (Flux compatibility).
struct ComponentDescription {
  std::string class_name;
  std::vector<std::string> aliases;
  std::string description;
  std::vector<SettingSpec> settings;
  std::vector<std::string> constructor_args;
  /// Accept settings the schema does not name (passed through, e.g. librdkafka properties).
  bool open_settings = false;
};

/// A registered component: its description and how to make an instance from validated settings.
struct ComponentInfo : ComponentDescription {
  ComponentKind kind = ComponentKind::bolt;
  std::function<std::unique_ptr<Spout>(const ComponentSettings&)> make_spout;
  std::function<std::unique_ptr<Bolt>(const ComponentSettings&)> make_bolt;
  std::function<std::unique_ptr<CustomStreamGrouping>(const ComponentSettings&)> make_grouping;
  /// "built-in" or "plugin PATH": for messages.
  std::string origin;
  /// The canonical path of the plugin that registered it; empty for a built-in.
  std::string plugin;
};

/// A className registered twice, or a registration without a name or factory.
class RegistrationError : public Error {
 public:
  using Error::Error;
};

class ComponentRegistry {
 public:
  /// The process-wide registry. The built-in components are in it as soon as the catalogue library
  /// (squall::squall, squall/catalogue/builtin_components.hpp) is loaded; a plugin adds its own.
  static ComponentRegistry& global();

  /// Queues `install` to fill the process-wide registry at its next use (global()). A library of
  /// components calls it from a static initializer, so that loading the library is enough.
  static void add_catalogue(void (*install)(ComponentRegistry&));

  /// An empty registry (tests, or a program that wants only its own components).
  ComponentRegistry() = default;

  /// Registers `info` under its class name and aliases. Throws RegistrationError when a name is
  /// taken, naming both origins.
  void add(ComponentInfo info);

  /// Registers spout class T, made with T(const T::Settings&) (HasTypedSettings: the schema comes
  /// from T::Settings when `description.settings` is empty), T(const ComponentSettings&) or T().
  template <typename T>
  void add_spout(ComponentDescription description) {
    ComponentInfo info = from<T>(std::move(description));
    info.kind = ComponentKind::spout;
    info.make_spout = [](const ComponentSettings& s) -> std::unique_ptr<Spout> { return construct<T>(s); };
    add(std::move(info));
  }
  /// Registers bolt class T, made as add_spout says.
  template <typename T>
  void add_bolt(ComponentDescription description) {
    ComponentInfo info = from<T>(std::move(description));
    info.kind = ComponentKind::bolt;
    info.make_bolt = [](const ComponentSettings& s) -> std::unique_ptr<Bolt> { return construct<T>(s); };
    add(std::move(info));
  }
  /// Registers a custom grouping class T (for `grouping: {type: CUSTOM, customClass: ...}`).
  template <typename T>
  void add_grouping(ComponentDescription description) {
    ComponentInfo info = from<T>(std::move(description));
    info.kind = ComponentKind::grouping;
    info.make_grouping = [](const ComponentSettings& s) -> std::unique_ptr<CustomStreamGrouping> {
      return construct<T>(s);
    };
    add(std::move(info));
  }

  /// The component registered under `name` (class name or alias), or nullptr.
  const ComponentInfo* find(std::string_view name) const;
  /// The registered name closest to `name` (edit distance, ignoring case), for "did you mean".
  /// Empty when nothing is reasonably close.
  std::string closest(std::string_view name, ComponentKind kind) const;
  /// Every component once, sorted by class name.
  std::vector<const ComponentInfo*> all() const;

  /// The origin recorded on components added from now on (plugin loading sets its path; an empty
  /// path means built-in).
  void set_origin(std::string origin, std::string plugin = {}) {
    origin_ = std::move(origin);
    plugin_ = std::move(plugin);
  }

 private:
  template <typename T>
  static ComponentInfo from(ComponentDescription description) {
    if constexpr (HasTypedSettings<T>)
      if (description.settings.empty()) description.settings = settings_schema_of<typename T::Settings>();
    ComponentInfo info;
    static_cast<ComponentDescription&>(info) = std::move(description);
    return info;
  }
  template <typename T>
  static std::unique_ptr<T> construct(const ComponentSettings& s) {
    if constexpr (HasTypedSettings<T>)
      return std::make_unique<T>(read_settings<typename T::Settings>(s));
    else if constexpr (std::is_constructible_v<T, const ComponentSettings&>)
      return std::make_unique<T>(s);
    else
      return std::make_unique<T>();
  }

  std::vector<std::unique_ptr<ComponentInfo>> components_;
  std::string origin_ = "built-in";
  std::string plugin_;
};

}  // namespace squall
