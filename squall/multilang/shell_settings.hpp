#pragma once
// What a shell component is given: its command, its output streams and config (Storm Flux's
// FluxShellBolt / FluxShellSpout constructorArgs and configMethods).

#include <map>
#include <string>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/fields.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::multilang {

/// A shell spout's or bolt's settings.
struct ShellSettings {
  /// The child's command line, e.g. {"python3", "splitsentence.py"}; run in
  /// squall.multilang.resources.dir.
  std::vector<std::string> command;
  /// Output streams and their fields; "default" from the second constructor argument or
  /// setDefaultStream, others from setNamedStream.
  std::map<std::string, Fields> streams;
  /// Streams of `streams` declared direct (C++ API only: Flux's setNamedStream has no flag).
  std::vector<std::string> direct_streams;
  /// Config for this component only (addComponentConfig), put over the topology's.
  Config component_config;

  /// From a topology file's settings (the schema of shell_setting_specs). Throws SettingError for
  /// a malformed setNamedStream or addComponentConfig call, naming it.
  static ShellSettings from(const ComponentSettings& settings);
  /// Declares `streams` (stream ids in map order).
  void declare(OutputFieldsDeclarer& declarer) const;
};

/// The settings schema of FluxShellBolt and FluxShellSpout: command and fields (the two
/// constructorArgs), namedStream and defaultStream (setNamedStream, setDefaultStream),
/// componentConfig (addComponentConfig).
std::vector<SettingSpec> shell_setting_specs();

}  // namespace squall::multilang
