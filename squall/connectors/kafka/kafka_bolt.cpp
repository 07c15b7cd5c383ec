#include "squall/connectors/kafka/kafka_bolt.hpp"

#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/output_collector.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/formats/tuple_text.hpp"

namespace squall::bolts {
namespace {

void delivery_cb(rd_kafka_t*, const rd_kafka_message_t* report, void* bolt) {
  static_cast<KafkaBolt*>(bolt)->on_delivery(*report);
}

std::string text_of(const Value& v) {
  if (v.type() == ValueType::string) return v.as_string();
  if (v.type() == ValueType::bytes) return std::string(v.as_bytes().data.begin(), v.as_bytes().data.end());
  if (v.is_nil()) return {};
  return v.to_string();
}

}  // namespace

KafkaBolt::KafkaBolt(const Settings& s)
    : properties_(kafka::kafka_properties_from(s.kafka_properties, s.bootstrap_servers, "KafkaBolt")),
      topic_(s.topic),
      topic_field_(s.topic_field),
      key_field_(s.key_field),
      value_field_(s.value_field),
      fields_(s.fields),
      poll_interval_(std::max<std::int64_t>(1, s.poll_ms)) {
  if (topic_.empty() == topic_field_.empty())
    throw SettingError("KafkaBolt: set exactly one of 'topic' (a fixed topic) and 'topic.field' (a field naming it)");
  const auto& format = s.value_format;
  if (format != "json" && format != "csv") throw SettingError(fmt::format("KafkaBolt: value.format '{}' must be json or csv", format));
  json_ = format == "json";
}

KafkaBolt::~KafkaBolt() = default;

void KafkaBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  collector_ = &collector;
  auto properties = properties_;
  if (!properties.count("client.id")) properties["client.id"] = fmt::format("squall-{}-{}-{}", context.topology_name(), context.component_id(), context.task_id());
  auto conf = kafka::make_kafka_conf(properties, "KafkaBolt");
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), delivery_cb);
  producer_ = kafka::make_kafka_client(RD_KAFKA_PRODUCER, std::move(conf), "KafkaBolt");
}

std::string KafkaBolt::render_value(const Tuple& input) const {
  if (!value_field_.empty()) return text_of(input.get(value_field_));
  return json_ ? tuple_as_json(input, fields_) : tuple_as_csv(input, fields_);
}

void KafkaBolt::execute(const Tuple& input) {
  if (input.is_tick()) {
    rd_kafka_poll(producer_.get(), 0);
    return collector_->ack(input);
  }
  std::string topic, key, value;
  try {
    topic = topic_.empty() ? text_of(input.get(topic_field_)) : topic_;
    if (!key_field_.empty()) key = text_of(input.get(key_field_));
    value = render_value(input);
  } catch (const Error& e) {
    collector_->report_error(fmt::format("KafkaBolt: {}", e.what()));
    return collector_->fail(input);
  }
  auto id = next_id_++;
  for (;;) {
    auto err = rd_kafka_producev(producer_.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_VALUE(value.data(), value.size()),
                                 RD_KAFKA_V_KEY(key_field_.empty() ? nullptr : key.data(), key_field_.empty() ? 0 : key.size()),
                                 RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(id)), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      collector_->report_error(fmt::format("KafkaBolt: cannot produce to '{}': {}", topic, rd_kafka_err2str(err)));
      return collector_->fail(input);
    }
    rd_kafka_poll(producer_.get(), 10);  // the local queue is full: wait for deliveries (backpressure)
  }
  awaiting_.emplace(id, input);
  rd_kafka_poll(producer_.get(), 0);
}

void KafkaBolt::on_delivery(const rd_kafka_message_t& report) {
  auto it = awaiting_.find(reinterpret_cast<std::uint64_t>(report._private));
  if (it == awaiting_.end()) return;
  if (report.err) {
    collector_->report_error(fmt::format("KafkaBolt: delivery to '{}' failed: {}", rd_kafka_topic_name(report.rkt),
                                         rd_kafka_err2str(report.err)));
    collector_->fail(it->second);
  } else {
    collector_->ack(it->second);
  }
  awaiting_.erase(it);
}

void KafkaBolt::cleanup() {
  if (!producer_) return;
  if (rd_kafka_flush(producer_.get(), 10'000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    spdlog::warn("KafkaBolt: {} records not delivered at shutdown (their tuples will time out and replay)",
                 rd_kafka_outq_len(producer_.get()));
  rd_kafka_poll(producer_.get(), 0);
  producer_.reset();
}

Config KafkaBolt::component_configuration() const {
  Config c;
  c.set(config_keys::kTickTupleFreqSecs, static_cast<double>(poll_interval_.count()) / 1000.0);
  return c;
}

void KafkaBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<KafkaBolt>({
      .class_name = "squall.bolts.KafkaBolt",
      .aliases = {"KafkaBolt"},
      .description = "writes tuples to a Kafka topic; acks each input once the broker has its record",
  });
}

}  // namespace squall::bolts
