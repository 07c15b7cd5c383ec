#include "squall/api/config_schema.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall {

namespace {

template <typename T>
ConfigKeyInfo info(const ConfigKey<T>& key) {
  ConfigKeyInfo i{key.name, ConfigType::string, key.min, key.max, std::string(key.default_doc), key.unit, key.doc,
                  key.origin};
  if constexpr (std::is_same_v<T, std::int64_t>) i.type = ConfigType::integer;
  if constexpr (std::is_same_v<T, double>) i.type = ConfigType::number;
  if constexpr (std::is_same_v<T, bool>) i.type = ConfigType::boolean;
  if (i.default_text.empty()) {
    if constexpr (std::is_same_v<T, bool>)
      i.default_text = key.fallback ? "true" : "false";
    else
      i.default_text = fmt::format("{}", key.fallback);
  }
  return i;
}

std::vector<ConfigKeyInfo> make_schema() {
  namespace k = config_keys;
  // Every key of config_keys.hpp (tests/config_schema.cpp checks that none is missing).
  std::vector<ConfigKeyInfo> all = {
      info(k::kWorkers), info(k::kAckerExecutors), info(k::kMessageTimeoutSecs), info(k::kMaxSpoutPending),
      info(k::kMaxReplays), info(k::kTickTupleFreqSecs), info(k::kProducerBatchSize), info(k::kTransferBatchSize),
      info(k::kStatsSampleRate), info(k::kDebug), info(k::kChaining), info(k::kExecutorReceiveBatches), info(k::kProgressIntervalSecs),
      info(k::kDeadLetterFile), info(k::kSubprocessTimeoutSecs), info(k::kShellBoltMaxPending),
      info(k::kMultilangResourcesDir), info(k::kMessagingTransport), info(k::kMessagingIpcDir), info(k::kMessagingTcpHost),
      info(k::kMessagingTcpPortBase), info(k::kMessagingExecutorEndpoints), info(k::kCurvePublicKey), info(k::kCurveSecretKey),
      info(k::kMessagingAuthenticate), info(k::kWorkerHeartbeatSecs), info(k::kWorkerTimeoutSecs), info(k::kWorkerOrphanTimeoutSecs),
      info(k::kWorkerStartTimeoutSecs), info(k::kWorkerStateDir), info(k::kWindowLengthCount),
      info(k::kWindowLengthDurationMs), info(k::kSlidingIntervalCount), info(k::kSlidingIntervalDurationMs),
      info(k::kTupleTimestampField), info(k::kTupleTimestampMaxLagMs), info(k::kWatermarkEventIntervalMs),
      info(k::kLateTupleStream), info(k::kWindowIdleTimeoutMs), info(k::kCheckpointIntervalMs), info(k::kStateProvider),
      info(k::kStateProviderConfig),
  };
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return all;
}

}  // namespace

std::string_view config_type_name(ConfigType type) noexcept {
  switch (type) {
    case ConfigType::integer: return "int";
    case ConfigType::number: return "number";
    case ConfigType::boolean: return "bool";
    case ConfigType::string: return "string";
  }
  return "?";
}

std::span<const ConfigKeyInfo> config_schema() {
  static const std::vector<ConfigKeyInfo> schema = make_schema();
  return schema;
}

const ConfigKeyInfo* find_config_key(std::string_view name) {
  auto schema = config_schema();
  auto it = std::lower_bound(schema.begin(), schema.end(), name, [](const auto& k, std::string_view n) { return k.name < n; });
  return it != schema.end() && it->name == name ? &*it : nullptr;
}

std::string config_bound_text(double bound) {
  return std::abs(bound) >= 1e15 ? fmt::format("{:.0e}", bound) : fmt::format("{}", bound);
}

std::string config_type_problem(const ConfigKeyInfo& key, std::string_view got) {
  return fmt::format("expected {}, got {}", config_type_name(key.type), got);
}

std::string config_value_problem(const ConfigKeyInfo& key, const Value& value) {
  auto type = value.type();
  auto wrong = [&] { return config_type_problem(key, type_name(type)); };
  double number = 0;
  switch (key.type) {
    case ConfigType::integer:
      if (type != ValueType::int64) return wrong();
      number = static_cast<double>(value.as_int());
      break;
    case ConfigType::number:
      if (type != ValueType::int64 && type != ValueType::float64) return wrong();
      number = value.as_double();
      break;
    case ConfigType::boolean: return type == ValueType::boolean ? "" : wrong();
    case ConfigType::string: return type == ValueType::string ? "" : wrong();
  }
  if (!(number >= key.min && number <= key.max))
    return fmt::format("must be from {} to {}", config_bound_text(key.min), config_bound_text(key.max));
  return {};
}

std::string_view renamed_config_key(std::string_view name) {
  // squall 0.2 called the frames between workers squall.messaging.transfer.batch.size and the
  // batches inside a worker topology.transfer.batch.size; Storm's names are used since.
  if (name == "squall.messaging.transfer.batch.size") return config_keys::kTransferBatchSize.name;
  return {};
}

void validate_config(const Config& config) {
  std::string problems;
  for (const auto& [name, value] : config.entries()) {
    if (auto renamed = renamed_config_key(name); !renamed.empty())
      problems += fmt::format("\n  - '{}' is now '{}' (Storm's name)", name, renamed);
    else if (const ConfigKeyInfo* key = find_config_key(name))
      if (auto problem = config_value_problem(*key, value); !problem.empty())
        problems += fmt::format("\n  - '{}': {}", name, problem);
  }
  if (!problems.empty()) throw TopologyError("the topology's config does not fit its schema:" + problems);
}

}  // namespace squall
