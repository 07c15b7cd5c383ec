#pragma once
// KafkaSpout (squall.spouts.KafkaSpout): records of Kafka topics as tuples, with the processing
// guarantees of Storm's storm-kafka-client KafkaSpout, over librdkafka.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "squall/connectors/kafka/kafka_handles.hpp"
#include "squall/connectors/kafka/partition_offsets.hpp"
#include "squall/connectors/kafka/retry_backoff.hpp"
#include "squall/formats/value_format.hpp"
#include "squall/api/log_throttle.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/api/state/replayable_spout.hpp"

namespace squall::spouts {

/// Settings (`squall components` lists them with defaults):
/// - `bootstrap.servers`; `topics` (list) or `topic.pattern` (a regex, librdkafka's "^..."
///   subscription); `group.id` (default "squall-TOPOLOGY-COMPONENT"); `kafka.properties`: any
///   librdkafka consumer property, passed through.
/// - `processing.guarantee`: `at_least_once` (default): a record's offset is committed only when it
///   and every earlier record of its partition are done (acked, or given up), every
///   `offset.commit.period.ms` (default 1000; Storm's is 30 s), on rebalance and on close;
///   `at_most_once`: each polled batch is committed (synchronously) before it is emitted, and tuples
///   are not tracked; `no_guarantee`: tuples are not tracked and the polled position is committed
///   every period.
/// - Retries (at_least_once): a failed tuple is emitted again after `retry.initial.delay.ms` (2) ×
///   `retry.delay.multiplier` (2)^(n-1), at most `retry.max.delay.ms` (10000); after
///   `retry.max.retries` retries (default -1: forever, as Storm) it goes to the "dead_letter" stream
///   and counts as done.
/// - Flow control: at most `max.uncommitted.offsets` (default 100000) records per partition past its
///   commit point; the partition is paused beyond. topology.max.spout.pending applies as for any spout.
/// - `first.poll.offset.strategy`: `uncommitted_earliest` (default: the group's committed offset,
///   else the earliest), `uncommitted_latest`, `earliest` / `latest` (ignore commits at this task's
///   first assignment of a partition, as Storm does at deployment).
/// - `poll.max.records` (default 500): records taken from librdkafka's queue at a time; next_tuple
///   emits one of them per call, so max spout pending holds exactly.
/// - `value.format`, `value.fields`, `value.types`, `value.delimiter`: see kafka::ValueFormat.
/// Streams: "default" (topic, partition, offset, key, the value's fields: "value" for text/bytes,
/// then timestamp); key is a string or nil, timestamp the record's ms since the epoch or nil.
/// "errors" (reason, value, location "TOPIC/PARTITION@OFFSET"): a value that does not decode,
/// counted and logged, done at once. "dead_letter": the default fields plus "failures".
/// A broker that is down is logged (once per outage) and retried by librdkafka; nothing is lost.
/// A ReplayableSpout: with stateful bolts, the checkpoints keep each partition's offset and the
/// state is exactly-once. The task then reads its own share of the partitions (assigned by index,
/// as Flink's KafkaTopicPartitionAssigner, without group rebalances), found at each recovery;
/// offsets go to the group only when a checkpoint commits them (for lag and monitoring).
class KafkaSpout : public ReplayableSpout {
 public:
  enum class Guarantee { at_least_once, at_most_once, no_guarantee };
  enum class FirstPoll { earliest, latest, uncommitted_earliest, uncommitted_latest };

  struct Settings {
    std::string bootstrap_servers;
    std::vector<std::string> topics;
    std::string topic_pattern, group_id;
    std::string processing_guarantee = "at_least_once";
    std::string first_poll_offset_strategy = "uncommitted_earliest";
    std::int64_t offset_commit_period_ms = 1000;
    std::int64_t close_timeout_ms = 3000;
    std::int64_t max_uncommitted_offsets = 100000;
    std::int64_t poll_max_records = 500;
    std::int64_t retry_initial_delay_ms = 2;
    double retry_delay_multiplier = 2.0;
    std::int64_t retry_max_delay_ms = 10000;
    std::int64_t retry_max_retries = -1;
    std::string value_format = "text";
    std::vector<std::string> value_fields;
    nlohmann::json value_types = nlohmann::json::object();
    std::string value_delimiter = ",";
    nlohmann::json kafka_properties = nlohmann::json::object();
    void describe(SettingsSchema& s) {
      s.add(bootstrap_servers, "bootstrap.servers", "host:port,... of the Kafka brokers");
      s.add(topics, "topics", "topics to subscribe to");
      s.add(topic_pattern, "topic.pattern", "or a regex of topics to subscribe to");
      s.add(group_id, "group.id", "consumer group (default squall-TOPOLOGY-COMPONENT)");
      s.add(processing_guarantee, "processing.guarantee", "at_least_once, at_most_once or no_guarantee");
      s.add(first_poll_offset_strategy, "first.poll.offset.strategy",
            "earliest, latest, uncommitted_earliest or uncommitted_latest");
      s.add(offset_commit_period_ms, "offset.commit.period.ms", "how often done offsets are committed");
      s.add(close_timeout_ms, "close.timeout.ms",
            "longest close() waits for the last commit and the group leave (a broker may be down)");
      s.add(max_uncommitted_offsets, "max.uncommitted.offsets", "per partition; polling pauses beyond");
      s.add(poll_max_records, "poll.max.records", "records taken from the client queue at a time");
      s.add(retry_initial_delay_ms, "retry.initial.delay.ms", "delay before the first retry of a failed tuple");
      s.add(retry_delay_multiplier, "retry.delay.multiplier", "each further retry waits this much longer");
      s.add(retry_max_delay_ms, "retry.max.delay.ms", "cap on the retry delay");
      s.add(retry_max_retries, "retry.max.retries", "then the record goes to dead_letter (-1: retry forever)");
      s.add(value_format, "value.format", "text, bytes, csv or json");
      s.add(value_fields, "value.fields", "field names of csv/json values");
      s.add(value_types, "value.types", "field -> string, int or double", SettingType::map);
      s.add(value_delimiter, "value.delimiter", "CSV delimiter");
      s.add(kafka_properties, "kafka.properties", "librdkafka consumer properties", SettingType::map);
    }
  };
  /// Throws SettingError for a missing topic, bad guarantee/strategy names, or a bad value format.
  explicit KafkaSpout(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit KafkaSpout(const ComponentSettings& settings) : KafkaSpout(read_settings<Settings>(settings)) {}
  ~KafkaSpout() override;

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Creates the consumer and subscribes. Throws SettingError for a property librdkafka rejects.
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  /// Commits what is done (at_least_once) and leaves the consumer group.
  void close() override;
  /// JSON text {"TOPIC/PARTITION": OFFSET, ...}: for each partition of this task, the offset after
  /// the last record emitted (a partition not read yet is left out).
  Value position() const override;
  /// Assigns this task its partitions (every partition of the topics whose index in Flink's
  /// order falls to it), each at its offset in `position`, else where first.poll.offset.strategy
  /// starts; drops every record polled or in flight. Throws SettingError for a text position()
  /// did not make, std::runtime_error when the brokers give no metadata (the recovery is retried).
  void rewind(const Value& position) override;
  /// Commits the committed checkpoint's offsets to the consumer group (asynchronously).
  void checkpoint_committed(const Value& position) override;

  static void register_in(ComponentRegistry& registry);

  /// librdkafka's rebalance callback (called from next_tuple's poll, on the executor thread).
  void on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions);
  /// librdkafka's offset commit callback.
  void on_committed(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets);

 private:
  struct Partition {
    std::string topic;
    std::int32_t partition;
    kafka::PartitionOffsets offsets;
    bool paused = false;
    std::deque<kafka::KafkaMessage> held;  // polled while over max.uncommitted.offsets
    std::int64_t start = kafka::PartitionOffsets::kNone;  // the offset a rewind set, if any
  };
  struct InFlight {
    std::size_t slot;
    kafka::KafkaMessage message;
    std::int64_t failures = 0;
  };

  /// Sets each assigned partition's lag gauge: its high watermark (librdkafka's cached value,
  /// no broker call) minus its commit point (Storm's KafkaOffsetMetric spoutLag).
  void update_lag();
  /// Registers the lag gauge of a partition ("kafka_lag.<topic>.<partition>") the first time it
  /// is assigned.
  void register_lag_gauge(const std::string& topic, std::int32_t partition);

  /// Each returns whether it emitted a tracked record.
  bool handle(kafka::KafkaMessage message);
  bool emit_due_retry(std::chrono::steady_clock::time_point now);
  bool release_held();
  void emit_record(std::size_t slot, kafka::KafkaMessage message);
  /// The tuple of a record; false when its value does not decode (then sent to "errors", done).
  bool values_of(Partition& p, const rd_kafka_message_t& message, Values& values);
  void set_paused(Partition& p, bool paused);
  void poll_at_most_once();
  /// Moves up to poll.max.records records from librdkafka into polled_; false when none came.
  bool poll_batch();
  /// Destroys every held message, then the consumer.
  void release_client(bool consumer_closed);
  void commit(bool synchronously);
  static constexpr std::size_t kNoSlot = static_cast<std::size_t>(-1);  ///< slot_of: not assigned here
  std::size_t slot_of(const rd_kafka_message_t& message);
  void assign(rd_kafka_topic_partition_list_t* partitions);
  /// Where first.poll.offset.strategy starts a partition regardless of the group's commits:
  /// RD_KAFKA_OFFSET_BEGINNING (earliest), _END (latest); nullopt for the uncommitted_ ones.
  std::optional<std::int64_t> forced_start() const;
  void revoke(rd_kafka_topic_partition_list_t* partitions);
  /// Whether the group uses the incremental (cooperative) rebalance protocol.
  bool cooperative() const;
  void log_consumer_error(const rd_kafka_message_t& message);
  /// Subscribes to topics_ (the group assigns partitions); done at the first next_tuple, so that
  /// a rewind before it can assign partitions itself instead.
  void subscribe();
  /// The partitions of topics_ that fall to this task: (topic, partition), from the brokers'
  /// metadata (std::runtime_error when they give none).
  std::vector<std::pair<std::string, std::int32_t>> own_partitions();
  /// Forgets every record polled, held or in flight (before a rewind or a revoke of all).
  void drop_records();

  // Settings
  std::vector<std::string> topics_;
  std::string group_id_;
  kafka::KafkaProperties properties_;
  Guarantee guarantee_;
  FirstPoll first_poll_;
  std::chrono::milliseconds commit_period_;
  std::chrono::milliseconds close_timeout_;
  LogThrottle record_log_, dead_letter_log_;  // malformed records and dead letters, per record
  bool closing_ = false;
  std::int64_t max_uncommitted_;
  std::size_t poll_max_records_;
  kafka::RetryBackoff backoff_;
  kafka::ValueFormat format_;

  // State (executor thread only)
  SpoutOutputCollector* collector_ = nullptr;
  kafka::KafkaHandle consumer_;
  rd_kafka_queue_t* consumer_queue_ = nullptr;
  std::vector<rd_kafka_message_t*> batch_buffer_;
  std::vector<std::unique_ptr<Partition>> slots_;  // one per assignment; revoked ones are null
  std::map<std::pair<std::string, std::int32_t>, std::size_t> live_slots_;
  std::set<std::pair<std::string, std::int32_t>> assigned_before_;  // for earliest/latest
  std::deque<kafka::KafkaMessage> polled_;  // polled, not yet emitted (one per next_tuple)
  std::unordered_map<std::int64_t, InFlight> in_flight_;  // by message id
  using Due = std::pair<std::chrono::steady_clock::time_point, std::int64_t>;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> retries_;
  std::int64_t next_id_ = 1;
  std::chrono::steady_clock::time_point next_commit_{};
  // user metrics "decode_errors" and "dead_letters" (registered in open)
  MetricCounter* decode_errors_ = nullptr;
  MetricCounter* dead_letters_ = nullptr;
  const TopologyContext* context_ = nullptr;
  std::chrono::steady_clock::time_point next_lag_update_{};
  /// Lag per partition, written by the spout and read by its gauge on the reporter's thread.
  std::map<std::pair<std::string, std::int32_t>, std::shared_ptr<std::atomic<std::int64_t>>> lag_;
  bool brokers_down_ = false;
  bool subscribed_ = false;
  bool checkpointed_ = false;  // rewound: partitions assigned here, offsets owned by the checkpoints
  int task_index_ = 0, tasks_ = 1;
};

}  // namespace squall::spouts
