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

/// Settings: `bootstrap.servers`; `topic`, or `topic.field` (the topic named by a field of each
/// tuple); `key.field` (optional: the record key, a field's text; default no key); `value.field`
/// (optional: the record value is that field's text or bytes) or else `value.format` "json"
/// (default: an object of `fields`, default every field) or "csv"; `kafka.properties`: any
/// librdkafka producer property (acks defaults to all).
/// The input is acked when librdkafka's delivery report says the broker has the record, and failed
/// (so its spout replays it) on a delivery error such as message.timeout.ms passing while the broker
/// is down. Delivery reports are served on every tuple and on ticks every `poll.ms` (default 20).
/// A tuple without the fields to write is failed and reported.
class KafkaBolt : public Bolt {
 public:
  /// Throws SettingError for neither or both of topic and topic.field, or a bad value.format.
  explicit KafkaBolt(const ComponentSettings& settings);
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
