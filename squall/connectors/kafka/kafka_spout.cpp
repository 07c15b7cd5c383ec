#include "squall/connectors/kafka/kafka_spout.hpp"

#include <cstring>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/connectors/kafka/consumer_close.hpp"

namespace squall::spouts {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::string_view kDeadLetterStream = "dead_letter";
const std::vector<std::string> kRecordFields = {"topic", "partition", "offset", "key"};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

KafkaSpout::Guarantee parse_guarantee(const std::string& name) {
  auto n = lower(name);
  if (n == "at_least_once") return KafkaSpout::Guarantee::at_least_once;
  if (n == "at_most_once") return KafkaSpout::Guarantee::at_most_once;
  if (n == "no_guarantee") return KafkaSpout::Guarantee::no_guarantee;
  throw SettingError(fmt::format("KafkaSpout: processing.guarantee '{}' must be at_least_once, at_most_once or no_guarantee", name));
}

KafkaSpout::FirstPoll parse_first_poll(const std::string& name) {
  auto n = lower(name);
  if (n == "earliest") return KafkaSpout::FirstPoll::earliest;
  if (n == "latest") return KafkaSpout::FirstPoll::latest;
  if (n == "uncommitted_earliest") return KafkaSpout::FirstPoll::uncommitted_earliest;
  if (n == "uncommitted_latest") return KafkaSpout::FirstPoll::uncommitted_latest;
  throw SettingError(fmt::format(
      "KafkaSpout: first.poll.offset.strategy '{}' must be earliest, latest, uncommitted_earliest or uncommitted_latest", name));
}

std::string location_of(const rd_kafka_message_t& m) {
  return fmt::format("{}/{}@{}", rd_kafka_topic_name(m.rkt), m.partition, m.offset);
}

std::string_view payload_of(const rd_kafka_message_t& m) {
  return m.payload ? std::string_view(static_cast<const char*>(m.payload), m.len) : std::string_view();
}

// librdkafka's C callbacks, forwarded to the spout (the conf's opaque); all run inside
// rd_kafka_consumer_poll on the executor thread.
void rebalance_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions, void* spout) {
  static_cast<KafkaSpout*>(spout)->on_rebalance(err, partitions);
}
void commit_cb(rd_kafka_t*, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets, void* spout) {
  static_cast<KafkaSpout*>(spout)->on_committed(err, offsets);
}

}  // namespace

KafkaSpout::KafkaSpout(const Settings& s)
    : topics_(s.topics),
      group_id_(s.group_id),
      properties_(kafka::kafka_properties_from(s.kafka_properties, s.bootstrap_servers, "KafkaSpout")),
      guarantee_(parse_guarantee(s.processing_guarantee)),
      first_poll_(parse_first_poll(s.first_poll_offset_strategy)),
      commit_period_(s.offset_commit_period_ms),
      close_timeout_(s.close_timeout_ms),
      max_uncommitted_(s.max_uncommitted_offsets),
      poll_max_records_(static_cast<std::size_t>(std::max<std::int64_t>(1, s.poll_max_records))),
      backoff_{std::chrono::milliseconds(s.retry_initial_delay_ms), s.retry_delay_multiplier,
               std::chrono::milliseconds(s.retry_max_delay_ms), s.retry_max_retries},
      format_(s.value_format, s.value_fields, s.value_types, s.value_delimiter) {
  const auto& pattern = s.topic_pattern;
  if (!pattern.empty()) topics_.push_back(pattern.front() == '^' ? pattern : "^" + pattern);
  if (topics_.empty()) throw SettingError("KafkaSpout: set 'topics: [name, ...]' or 'topic.pattern: REGEX'");
  if (max_uncommitted_ < 1) throw SettingError("KafkaSpout: max.uncommitted.offsets must be at least 1");
}

KafkaSpout::~KafkaSpout() { release_client(false); }

void KafkaSpout::drop_records() {
  in_flight_.clear();
  polled_.clear();
  retries_ = {};
  for (auto& p : slots_)
    if (p) p->held.clear();
}

void KafkaSpout::release_client(bool consumer_closed) {
  // librdkafka wants every message it handed out destroyed before its handle.
  drop_records();
  if (consumer_queue_) rd_kafka_queue_destroy(std::exchange(consumer_queue_, nullptr));
  if (!consumer_closed && consumer_)  // destroy must not try the close (and its commit) again
    rd_kafka_destroy_flags(consumer_.release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  consumer_.reset();
}

void KafkaSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields = kRecordFields;
  fields.insert(fields.end(), format_.fields().begin(), format_.fields().end());
  fields.push_back("timestamp");
  declarer.declare(Fields(fields));
  declarer.declare_stream(kErrorsStream, Fields{"reason", "value", "location"});
  fields.push_back("failures");
  declarer.declare_stream(kDeadLetterStream, Fields(fields));
}

void KafkaSpout::open(const TopologyContext& context, SpoutOutputCollector& collector) {
  collector_ = &collector;
  context_ = &context;
  decode_errors_ = &context.register_counter("decode_errors");
  dead_letters_ = &context.register_counter("dead_letters");
  auto properties = properties_;
  properties["group.id"] = group_id_.empty() ? fmt::format("squall-{}-{}", context.topology_name(), context.component_id())
                                             : group_id_;
  // squall commits itself, from what the topology acked.
  properties["enable.auto.commit"] = "false";
  properties["enable.auto.offset.store"] = "false";
  if (!properties.count("auto.offset.reset"))
    properties["auto.offset.reset"] =
        first_poll_ == FirstPoll::latest || first_poll_ == FirstPoll::uncommitted_latest ? "latest" : "earliest";
  if (!properties.count("client.id")) properties["client.id"] = fmt::format("squall-{}-{}-{}", context.topology_name(), context.component_id(), context.task_id());
  auto conf = kafka::make_kafka_conf(properties, "KafkaSpout");
  rd_kafka_conf_set_opaque(conf.get(), this);
  rd_kafka_conf_set_rebalance_cb(conf.get(), rebalance_cb);
  rd_kafka_conf_set_offset_commit_cb(conf.get(), commit_cb);
  consumer_ = kafka::make_kafka_client(RD_KAFKA_CONSUMER, std::move(conf), "KafkaSpout");
  rd_kafka_poll_set_consumer(consumer_.get());
  consumer_queue_ = rd_kafka_queue_get_consumer(consumer_.get());

  task_index_ = context.task_index();
  tasks_ = context.component_parallelism();
  next_commit_ = Clock::now() + commit_period_;
  spdlog::info("KafkaSpout {}[{}]: group {}, topics [{}] ({})", context.component_id(), context.task_id(),
               properties["group.id"], fmt::join(topics_, ", "), properties["bootstrap.servers"]);
}

void KafkaSpout::subscribe() {
  subscribed_ = true;
  kafka::PartitionList subscription(rd_kafka_topic_partition_list_new(static_cast<int>(topics_.size())));
  for (const auto& t : topics_) rd_kafka_topic_partition_list_add(subscription.get(), t.c_str(), RD_KAFKA_PARTITION_UA);
  if (auto err = rd_kafka_subscribe(consumer_.get(), subscription.get()))
    throw SettingError(fmt::format("KafkaSpout: cannot subscribe to [{}]: {}", fmt::join(topics_, ", "), rd_kafka_err2str(err)));
}

void KafkaSpout::next_tuple() {
  // One tracked record per call, as Storm's KafkaSpout: the executor calls again at once while
  // max spout pending allows, and stops calling when it does not.
  if (!subscribed_ && !checkpointed_) subscribe();
  auto now = Clock::now();
  if (guarantee_ != Guarantee::at_most_once && !checkpointed_ && now >= next_commit_) {
    commit(false);
    next_commit_ = now + commit_period_;
  }
  if (now >= next_lag_update_) {
    update_lag();
    next_lag_update_ = now + std::chrono::seconds(1);
  }
  if (guarantee_ == Guarantee::at_most_once) return poll_at_most_once();
  if (guarantee_ == Guarantee::at_least_once && (emit_due_retry(now) || release_held())) return;
  for (;;) {
    if (polled_.empty() && !poll_batch()) return;
    auto message = std::move(polled_.front());
    polled_.pop_front();
    if (handle(std::move(message))) return;
  }
}

bool KafkaSpout::poll_batch() {
  // One lock of librdkafka's consumer queue per batch (rd_kafka_consume_batch_queue also serves
  // the rebalance and commit callbacks queued there).
  batch_buffer_.resize(poll_max_records_);
  auto n = rd_kafka_consume_batch_queue(consumer_queue_, 0, batch_buffer_.data(), batch_buffer_.size());
  for (ssize_t i = 0; i < n; ++i) polled_.emplace_back(batch_buffer_[static_cast<std::size_t>(i)]);
  return n > 0;
}

void KafkaSpout::log_consumer_error(const rd_kafka_message_t& m) {
  if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return;
  bool outage = m.err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || m.err == RD_KAFKA_RESP_ERR__TRANSPORT ||
                m.err == RD_KAFKA_RESP_ERR__RESOLVE;
  if (outage && brokers_down_) return;  // once per outage; librdkafka keeps reconnecting
  brokers_down_ = brokers_down_ || outage;
  spdlog::warn("KafkaSpout: {}{}", rd_kafka_message_errstr(&m),
               outage ? " (retrying; records resume from the last position when the broker is back)" : "");
}

std::size_t KafkaSpout::slot_of(const rd_kafka_message_t& m) {
  auto it = live_slots_.find({rd_kafka_topic_name(m.rkt), m.partition});
  return it == live_slots_.end() ? kNoSlot : it->second;
}

bool KafkaSpout::handle(kafka::KafkaMessage message) {
  if (message->err) {
    log_consumer_error(*message);
    return false;
  }
  if (brokers_down_) {
    brokers_down_ = false;
    spdlog::info("KafkaSpout: receiving records again");
  }
  auto slot = slot_of(*message);
  if (slot == kNoSlot) return false;  // polled before its partition was revoked
  Partition& p = *slots_[slot];
  if (guarantee_ == Guarantee::at_least_once && (p.paused || p.offsets.uncommitted() >= max_uncommitted_)) {
    if (!p.paused) set_paused(p, true);
    p.held.push_back(std::move(message));
    return false;
  }
  if (!p.offsets.emitted(message->offset)) return false;  // seen already
  emit_record(slot, std::move(message));
  return true;
}

void KafkaSpout::set_paused(Partition& p, bool paused) {
  kafka::PartitionList list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), p.topic.c_str(), p.partition);
  if (paused) rd_kafka_pause_partitions(consumer_.get(), list.get());
  else rd_kafka_resume_partitions(consumer_.get(), list.get());
  p.paused = paused;
}

bool KafkaSpout::values_of(Partition& p, const rd_kafka_message_t& m, Values& values) {
  values.reserve(kRecordFields.size() + format_.fields().size() + 2);
  values.emplace_back(p.topic);
  values.emplace_back(static_cast<std::int64_t>(m.partition));
  values.emplace_back(m.offset);
  if (m.key) values.emplace_back(std::string(static_cast<const char*>(m.key), m.key_len));
  else values.emplace_back();
  auto problem = format_.decode(payload_of(m), values);
  if (problem.empty()) {
    rd_kafka_timestamp_type_t ts_type;
    std::int64_t ts = rd_kafka_message_timestamp(&m, &ts_type);
    if (ts >= 0) values.emplace_back(ts);
    else values.emplace_back();
    return true;
  }
  decode_errors_->inc();
  auto location = location_of(m);
  if (auto n = record_log_.admit())
    spdlog::warn("KafkaSpout {}: {} (sent to stream '{}'; {} so far){}", location, problem, kErrorsStream, decode_errors_->count(),
                 suppressed_note(n));
  collector_->emit(kErrorsStream, Values{problem, std::string(payload_of(m).substr(0, 200)), location}, {});
  p.offsets.done(m.offset);
  return false;
}

void KafkaSpout::emit_record(std::size_t slot, kafka::KafkaMessage message) {
  Partition& p = *slots_[slot];
  Values values;
  if (!values_of(p, *message, values)) return;
  if (guarantee_ != Guarantee::at_least_once) {
    p.offsets.done(message->offset);
    collector_->emit(kDefaultStream, std::move(values), {});
    return;
  }
  // The record itself is kept for a replay (librdkafka's buffer, no copy), not its tuple values.
  auto id = next_id_++;
  in_flight_.emplace(id, InFlight{slot, std::move(message), 0});
  collector_->emit(kDefaultStream, std::move(values), MessageId(id));
}

bool KafkaSpout::emit_due_retry(Clock::time_point now) {
  while (!retries_.empty() && retries_.top().first <= now) {
    auto id = retries_.top().second;
    retries_.pop();
    auto it = in_flight_.find(id);
    if (it == in_flight_.end()) continue;  // its partition was revoked
    Values values;
    values_of(*slots_[it->second.slot], *it->second.message, values);  // decoded once already: cannot fail
    collector_->emit(kDefaultStream, std::move(values), MessageId(id));
    return true;
  }
  return false;
}

bool KafkaSpout::release_held() {
  for (auto& [key, slot] : live_slots_) {
    Partition& p = *slots_[slot];
    if (!p.paused || p.offsets.uncommitted() >= max_uncommitted_) continue;
    while (!p.held.empty()) {
      auto message = std::move(p.held.front());
      p.held.pop_front();
      if (p.offsets.emitted(message->offset)) {
        emit_record(slot, std::move(message));
        return true;
      }
    }
    set_paused(p, false);
  }
  return false;
}

void KafkaSpout::poll_at_most_once() {
  // Commit first, emit after: a crash between the two loses the batch, never repeats it.
  std::vector<std::pair<std::size_t, kafka::KafkaMessage>> batch;  // (slot, record)
  std::map<std::size_t, std::int64_t> next_offsets;
  poll_batch();
  for (; !polled_.empty(); polled_.pop_front()) {
    auto message = std::move(polled_.front());
    if (message->err) {
      log_consumer_error(*message);
      continue;
    }
    auto slot = slot_of(*message);
    if (slot == kNoSlot || !slots_[slot]->offsets.emitted(message->offset)) continue;
    slots_[slot]->offsets.done(message->offset);
    next_offsets[slot] = message->offset + 1;
    batch.emplace_back(slot, std::move(message));
  }
  if (batch.empty()) return;
  kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size())));
  for (auto [slot, offset] : next_offsets)
    rd_kafka_topic_partition_list_add(list.get(), slots_[slot]->topic.c_str(), slots_[slot]->partition)->offset = offset;
  if (auto err = rd_kafka_commit(consumer_.get(), list.get(), 0)) {
    // Not committed: emitting could repeat these records after a restart. Drop them from this
    // run instead (at most once) and read on from here.
    spdlog::warn("KafkaSpout: at_most_once commit failed ({}); {} records not emitted", rd_kafka_err2str(err), batch.size());
    return;
  }
  for (auto [slot, offset] : next_offsets) slots_[slot]->offsets.confirm_commit(offset);
  for (auto& [slot, message] : batch) emit_record(slot, std::move(message));
}

void KafkaSpout::ack(const MessageId& id) {
  if (!id.is_int()) return;
  auto it = in_flight_.find(id.as_int());
  if (it == in_flight_.end()) return;
  if (auto& p = slots_[it->second.slot]) p->offsets.done(it->second.message->offset);
  in_flight_.erase(it);
}

void KafkaSpout::fail(const MessageId& id) {
  if (!id.is_int()) return;
  auto it = in_flight_.find(id.as_int());
  if (it == in_flight_.end()) return;
  InFlight& f = it->second;
  auto& p = slots_[f.slot];
  if (!p) {
    in_flight_.erase(it);
    return;
  }
  ++f.failures;
  if (backoff_.may_retry(f.failures)) {
    retries_.emplace(Clock::now() + backoff_.delay(f.failures), id.as_int());
    return;
  }
  dead_letters_->inc();
  auto offset = f.message->offset;
  if (auto n = dead_letter_log_.admit())
    spdlog::warn("KafkaSpout {}/{}@{}: failed {} times, sent to stream '{}'{}", p->topic, p->partition, offset,
                 f.failures, kDeadLetterStream, suppressed_note(n));
  Values values;
  values_of(*p, *f.message, values);
  values.emplace_back(f.failures);
  p->offsets.done(offset);
  in_flight_.erase(it);
  collector_->emit(kDeadLetterStream, std::move(values), {});
}

void KafkaSpout::close() {
  if (!consumer_) return;
  // Bounded by close.timeout.ms (kafka/consumer_close): rd_kafka_consumer_close's synchronous
  // commit held Ctrl-C for ~92 s with the brokers down. What is not committed is read again by
  // the next consumer of the group (at-least-once).
  closing_ = true;
  bool closed = kafka::close_consumer_within(consumer_.get(), consumer_queue_, close_timeout_, [this] {
    if (guarantee_ != Guarantee::at_most_once && !checkpointed_) commit(false);
  });
  release_client(closed);
  if (decode_errors_ && (decode_errors_->count() || dead_letters_->count()))
    spdlog::info("KafkaSpout: {} records did not decode (stream '{}'), {} were given up (stream '{}')", decode_errors_->count(),
                 kErrorsStream, dead_letters_->count(), kDeadLetterStream);
}

void KafkaSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<KafkaSpout>({
      .class_name = "squall.spouts.KafkaSpout",
      .aliases = {"KafkaSpout"},
      .description = "records of Kafka topics (librdkafka), at-least-once with offsets committed as tuples are acked",
  });
}

}  // namespace squall::spouts
