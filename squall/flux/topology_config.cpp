#include "squall/flux/topology_config.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/flux/yaml_values.hpp"

namespace squall {

namespace {

/// Storm's and squall's topology settings with their types and ranges (NaN is outside every
/// range). A value past a range once passed validation and then failed in the run (a batch size
/// of 2^63-1, a port base near 65535, NaN for a frequency).
struct ConfigKeySpec {
  std::string_view key;
  SettingType type;
  double min, max;
};
constexpr ConfigKeySpec kKnownConfigKeys[] = {
    {config_keys::kWorkers, SettingType::integer, 1, 1024},
    {config_keys::kAckerExecutors, SettingType::integer, 0, 1024},
    {config_keys::kMessageTimeoutSecs, SettingType::integer, 1, 604800},
    {config_keys::kMaxSpoutPending, SettingType::integer, 0, 100'000'000},
    {config_keys::kMaxReplays, SettingType::integer, -1, 1'000'000'000},
    {config_keys::kTickTupleFreqSecs, SettingType::number, 0.001, 86400},
    {config_keys::kTransferBatchSize, SettingType::integer, 1, 100'000},
    {config_keys::kMessagingTransferBatchSize, SettingType::integer, 1, 1'000'000},
    {config_keys::kExecutorReceiveBatches, SettingType::integer, 1, 1'000'000},
    {config_keys::kMessagingTcpPortBase, SettingType::integer, 1, 65535},
    {config_keys::kWorkerHeartbeatSecs, SettingType::number, 0.001, 3600},
    {config_keys::kWorkerTimeoutSecs, SettingType::number, 0.01, 86400},
    {config_keys::kWorkerStartTimeoutSecs, SettingType::number, 0.01, 86400},
    {config_keys::kProgressIntervalSecs, SettingType::number, 0, 86400},
    {config_keys::kStatsSampleRate, SettingType::number, 0.000001, 1},
    {config_keys::kMessagingAuthenticate, SettingType::boolean, 0, 0},
    {"topology.debug", SettingType::boolean, 0, 0},
};

}  // namespace

bool is_topology_setting(std::string_view key) { return key.starts_with("topology.") || key.starts_with("squall."); }

Config read_topology_config(const std::vector<yaml::Entry>& entries, std::string_view where, Diagnostics& diagnostics) {
  Config config;
  for (const auto& e : entries) {
    nlohmann::json value = yaml::to_json(e.node);
    auto spec = std::find_if(std::begin(kKnownConfigKeys), std::end(kKnownConfigKeys),
                             [&](const ConfigKeySpec& s) { return s.key == e.key; });
    if (spec != std::end(kKnownConfigKeys)) {
      std::string problem = coerce_setting(spec->type, value);
      if (problem.empty() && value.is_number() && !(value.get<double>() >= spec->min && value.get<double>() <= spec->max))
        problem = fmt::format("must be from {} to {}", spec->min, spec->max);
      if (!problem.empty()) {
        diagnostics.add(yaml::location_of(e.node, e.file), fmt::format("{} '{}': {}", where, e.key, problem),
                        fmt::format("'{}' takes {}", e.key, setting_type_name(spec->type)));
        continue;
      }
    }
    if (!value.is_primitive()) {
      diagnostics.add(yaml::location_of(e.node, e.file),
                      fmt::format("{} '{}': a topology setting must be a single value, found {}", where, e.key,
                                  json_text(value)),
                      "topology settings are numbers, strings or booleans");
      continue;
    }
    config.set(e.key, value_from_json(value));
  }
  return config;
}

}  // namespace squall
