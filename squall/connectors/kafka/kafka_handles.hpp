#pragma once
// Owning handles for librdkafka's C objects, and building a client configuration from squall
// settings (librdkafka property names, CONFIGURATION.md of librdkafka 2.0).

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <librdkafka/rdkafka.h>
#include <nlohmann/json.hpp>

namespace squall::kafka {

struct KafkaDeleter {
  void operator()(rd_kafka_t* rk) const noexcept { rd_kafka_destroy(rk); }
  void operator()(rd_kafka_conf_t* conf) const noexcept { rd_kafka_conf_destroy(conf); }
  void operator()(rd_kafka_topic_partition_list_t* list) const noexcept { rd_kafka_topic_partition_list_destroy(list); }
  void operator()(rd_kafka_message_t* message) const noexcept { rd_kafka_message_destroy(message); }
};
using KafkaHandle = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using KafkaConf = std::unique_ptr<rd_kafka_conf_t, KafkaDeleter>;
using PartitionList = std::unique_ptr<rd_kafka_topic_partition_list_t, KafkaDeleter>;
using KafkaMessage = std::unique_ptr<rd_kafka_message_t, KafkaDeleter>;

/// librdkafka properties by name, e.g. {"bootstrap.servers", "127.0.0.1:9092"}.
using KafkaProperties = std::map<std::string, std::string>;

/// The properties of a component: every entry of the `kafka.properties` map (values written as
/// text), then `bootstrap.servers` when non-empty. Throws SettingError, prefixed with `component`,
/// when no bootstrap servers are given at all.
KafkaProperties kafka_properties_from(const nlohmann::json& properties_map, const std::string& bootstrap_servers,
                                      std::string_view component);

/// A configuration holding `properties`, logging through spdlog (librdkafka's log lines at their
/// syslog level, with the client's name). Throws SettingError naming the property and librdkafka's
/// reason for an unknown property or a bad value.
KafkaConf make_kafka_conf(const KafkaProperties& properties, std::string_view component);

/// A client of `type` (RD_KAFKA_PRODUCER or RD_KAFKA_CONSUMER) owning `conf`. Throws SettingError
/// with librdkafka's reason when it cannot be created.
KafkaHandle make_kafka_client(rd_kafka_type_t type, KafkaConf conf, std::string_view component);

}  // namespace squall::kafka
