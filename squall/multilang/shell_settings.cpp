#include "squall/multilang/shell_settings.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace squall::multilang {

ShellSettings ShellSettings::from(const ComponentSettings& settings) {
  ShellSettings s;
  s.command = settings.get<std::vector<std::string>>("command");
  if (s.command.empty()) throw SettingError("setting 'command' is empty: give the program and its arguments, e.g. [python3, bolt.py]");
  auto fields = settings.get_or<std::vector<std::string>>("fields", {});
  auto default_stream = settings.get_or<std::vector<std::string>>("defaultStream", {});
  if (!default_stream.empty()) fields = default_stream;
  if (!fields.empty()) s.streams.emplace("default", Fields(fields));
  for (const auto& call : settings.get_or<nlohmann::json>("namedStream", nlohmann::json::array())) {
    if (!call.is_array() || call.size() != 2 || !call[0].is_string() || !call[1].is_array())
      throw SettingError(fmt::format("setNamedStream takes [stream, [field, ...]], not {}", call.dump()));
    s.streams.insert_or_assign(call[0].get<std::string>(), Fields(call[1].get<std::vector<std::string>>()));
  }
  for (const auto& call : settings.get_or<nlohmann::json>("componentConfig", nlohmann::json::array())) {
    if (!call.is_array() || call.size() != 2 || !call[0].is_string())
      throw SettingError(fmt::format("addComponentConfig takes [key, value], not {}", call.dump()));
    s.component_config.set(call[0].get<std::string>(), value_from_json(call[1]));
  }
  return s;
}

void ShellSettings::declare(OutputFieldsDeclarer& declarer) const {
  for (const auto& [stream, fields] : streams)
    declarer.declare_stream(stream, fields, std::find(direct_streams.begin(), direct_streams.end(), stream) != direct_streams.end());
}

std::vector<SettingSpec> shell_setting_specs() {
  auto list = nlohmann::json::array();
  return {
      {.name = "command", .type = SettingType::string_list, .description = "the child's command line, e.g. [python3, splitsentence.py]"},
      {.name = "fields", .type = SettingType::string_list, .default_value = list, .description = "fields of the default stream"},
      {.name = "defaultStream", .type = SettingType::string_list, .default_value = list,
       .description = "setDefaultStream: fields of the default stream"},
      {.name = "namedStream", .type = SettingType::list, .default_value = list,
       .description = "setNamedStream [stream, [fields]]: one more output stream per call", .repeatable = true},
      {.name = "componentConfig", .type = SettingType::list, .default_value = list,
       .description = "addComponentConfig [key, value]: config for this component, per call", .repeatable = true},
  };
}

}  // namespace squall::multilang
