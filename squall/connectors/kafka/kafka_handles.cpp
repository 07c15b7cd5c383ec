#include "squall/connectors/kafka/kafka_handles.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/registry/component_settings.hpp"

namespace squall::kafka {
namespace {

void log_to_spdlog(const rd_kafka_t* rk, int level, const char* facility, const char* message) {
  // syslog levels: 0-3 error, 4 warning, 5-6 info/notice, 7 debug.
  auto spd = level <= 3 ? spdlog::level::err : level == 4 ? spdlog::level::warn
           : level <= 6 ? spdlog::level::info : spdlog::level::debug;
  spdlog::log(spd, "librdkafka {} {}: {}", rd_kafka_name(rk), facility, message);
}

}  // namespace

KafkaProperties kafka_properties_from(const nlohmann::json& properties_map, const std::string& bootstrap_servers,
                                      std::string_view component) {
  KafkaProperties out;
  if (properties_map.is_object())
    for (const auto& [key, value] : properties_map.items()) out[key] = value.is_string() ? value.get<std::string>() : json_text(value);
  if (!bootstrap_servers.empty()) out["bootstrap.servers"] = bootstrap_servers;
  if (out["bootstrap.servers"].empty())
    throw SettingError(fmt::format("{}: set 'bootstrap.servers' (host:port,...) or kafka.properties: {{bootstrap.servers: ...}}",
                                   component));
  return out;
}

KafkaConf make_kafka_conf(const KafkaProperties& properties, std::string_view component) {
  KafkaConf conf(rd_kafka_conf_new());
  char reason[512];
  for (const auto& [key, value] : properties)
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), reason, sizeof reason) != RD_KAFKA_CONF_OK)
      throw SettingError(fmt::format("{}: Kafka property '{}' = '{}': {}", component, key, value, reason));
  rd_kafka_conf_set_log_cb(conf.get(), log_to_spdlog);
  return conf;
}

KafkaHandle make_kafka_client(rd_kafka_type_t type, KafkaConf conf, std::string_view component) {
  char reason[512];
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), reason, sizeof reason);
  if (!rk) throw SettingError(fmt::format("{}: cannot create the Kafka client: {}", component, reason));
  conf.release();  // rd_kafka_new owns it now
  return KafkaHandle(rk);
}

}  // namespace squall::kafka
