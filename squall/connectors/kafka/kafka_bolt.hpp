#pragma once
// KafkaBolt (squall.bolts.KafkaBolt): writes tuples to a Kafka topic (Storm's KafkaBolt) and acks
// each input only once the broker has it.

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "squall/connectors/kafka/kafka_handles.hpp"
#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// The record value is `value.field`'s text or bytes, or else the tuple's `fields` as JSON or CSV.
/// `kafka.properties` takes any librdkafka producer property (acks defaults to all).
/// The input is acked when librdkafka's delivery report says the broker has the record, and failed
/// (so its spout replays it) on a delivery error such as message.timeout.ms passing while the broker
/// is down. Delivery reports are served on every tuple and on ticks every `poll.ms` (default 20).
/// A tuple without the fields to write is failed and reported.
class KafkaBolt : public Bolt {
 public:
  /// Throws SettingError for neither or both of topic and topic.field, or a bad value.format.
  struct Settings {
    std::string bootstrap_servers;
    std::string topic, topic_field, key_field, value_field;
    std::string value_format = "json";
    std::vector<std::string> fields;
    std::int64_t poll_ms = 20;
    nlohmann::json kafka_properties = nlohmann::json::object();
    void describe(SettingsSchema& s) {
      s.add(bootstrap_servers, "bootstrap.servers", "host:port,... of the Kafka brokers");
      s.add(topic, "topic", "the topic to write to");
      s.add(topic_field, "topic.field", "or the field that names each tuple's topic");
      s.add(key_field, "key.field", "field whose text is the record key (default: no key)");
      s.add(value_field, "value.field", "field whose text is the record value");
      s.add(value_format, "value.format", "without value.field: json or csv of the fields");
      s.add(fields, "fields", "fields written (default: all)");
      s.add(poll_ms, "poll.ms", "how often delivery reports are served (ms)");
      s.add(kafka_properties, "kafka.properties", "librdkafka producer properties", SettingType::map);
    }
  };
  explicit KafkaBolt(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit KafkaBolt(const ComponentSettings& settings) : KafkaBolt(read_settings<Settings>(settings)) {}
  ~KafkaBolt() override;

  /// Creates the producer. Throws SettingError for a property librdkafka rejects.
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  /// Waits up to 10 s for outstanding deliveries, acking or failing their inputs.
  void cleanup() override;
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

  /// librdkafka's delivery report callback (served by rd_kafka_poll on the executor thread).
  void on_delivery(const rd_kafka_message_t& report);

 private:
  std::string render_value(const Tuple& input) const;

  kafka::KafkaProperties properties_;
  std::string topic_, topic_field_, key_field_, value_field_;
  bool json_ = true;
  std::vector<std::string> fields_;
  std::chrono::milliseconds poll_interval_;

  OutputCollector* collector_ = nullptr;
  kafka::KafkaHandle producer_;
  std::unordered_map<std::uint64_t, Tuple> awaiting_;  // inputs by delivery id
  std::uint64_t next_id_ = 1;
};

}  // namespace squall::bolts
