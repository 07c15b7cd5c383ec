// KafkaSpout's side of exactly-once checkpoints (ReplayableSpout): partitions assigned to the task
// by index instead of by the group, rewound to a checkpoint's offsets, and those offsets committed
// to the group once the checkpoint is. The record path is in kafka_spout.cpp.
#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "squall/api/bounded_json.hpp"
#include "squall/connectors/kafka/kafka_spout.hpp"

namespace squall::spouts {
namespace {

using TopicPartition = std::pair<std::string, std::int32_t>;
using Offsets = std::map<TopicPartition, std::int64_t>;

// Java's String.hashCode, which Flink's assigner uses (for the ASCII of topic names).
std::int32_t java_hash(const std::string& s) {
  std::uint32_t h = 0;
  for (unsigned char c : s) h = 31 * h + c;
  return static_cast<std::int32_t>(h);
}

// Flink's KafkaTopicPartitionAssigner.assign: a topic's partitions go round the tasks from a
// start that depends on the topic, so that partitions added later keep the earlier ones' tasks.
int task_of(const TopicPartition& tp, int tasks) {
  int start = static_cast<int>((static_cast<std::uint32_t>(java_hash(tp.first)) * 31u & 0x7fffffffu) %
                               static_cast<std::uint32_t>(tasks));
  return (start + tp.second) % tasks;
}

/// {"TOPIC/PARTITION": OFFSET}; a topic name holds no '/' (Kafka allows [a-zA-Z0-9._-]).
Offsets parse_offsets(const Value& position) {
  Offsets offsets;
  if (position.is_nil()) return offsets;
  const auto j = nlohmann::json::parse(position.as_string());
  for (const auto& [key, offset] : j.items()) {
    auto slash = key.rfind('/');
    if (slash == std::string::npos) throw std::invalid_argument("'" + key + "' is not TOPIC/PARTITION");
    offsets[{key.substr(0, slash), std::stoi(key.substr(slash + 1))}] = offset.get<std::int64_t>();
  }
  return offsets;
}

}  // namespace

Value KafkaSpout::position() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, slot] : live_slots_) {
    const Partition& p = *slots_[slot];
    auto next = p.offsets.next_offset();
    if (next == kafka::PartitionOffsets::kNone) next = p.start;
    if (next != kafka::PartitionOffsets::kNone) j[fmt::format("{}/{}", key.first, key.second)] = next;
  }
  return json_text(j);
}

std::vector<TopicPartition> KafkaSpout::own_partitions() {
  const rd_kafka_metadata_t* metadata = nullptr;
  if (auto err = rd_kafka_metadata(consumer_.get(), 1, nullptr, &metadata, 5000))
    throw std::runtime_error(fmt::format("KafkaSpout: no metadata from the brokers: {}", rd_kafka_err2str(err)));
  std::vector<TopicPartition> own;
  std::set<std::string> found;
  for (int t = 0; t < metadata->topic_cnt; ++t) {
    const auto& topic = metadata->topics[t];
    std::string name = topic.topic;
    bool wanted = false;
    for (const auto& wanted_topic : topics_)
      wanted = wanted || (wanted_topic.starts_with('^') ? !name.starts_with("__") && std::regex_search(name, std::regex(wanted_topic))
                                                        : name == wanted_topic);
    if (!wanted || topic.err) continue;
    found.insert(name);
    for (int p = 0; p < topic.partition_cnt; ++p)
      if (TopicPartition tp{name, topic.partitions[p].id}; task_of(tp, tasks_) == task_index_) own.push_back(tp);
  }
  rd_kafka_metadata_destroy(metadata);
  for (const auto& t : topics_)
    if (!t.starts_with('^') && !found.count(t))
      spdlog::warn("KafkaSpout: topic {} does not exist (yet); its partitions are read from the next recovery", t);
  std::sort(own.begin(), own.end());
  return own;
}

void KafkaSpout::rewind(const Value& position) {
  Offsets offsets;
  try {
    offsets = parse_offsets(position);
  } catch (const std::exception& e) {
    throw SettingError(fmt::format("KafkaSpout: '{}' is not a position of this spout: {}", position.to_string(), e.what()));
  }
  auto own = own_partitions();
  if (!checkpointed_ && guarantee_ != Guarantee::at_least_once)
    spdlog::info("KafkaSpout: processing.guarantee does not apply: the checkpoints make the state exactly-once");
  guarantee_ = Guarantee::at_least_once;  // tracked, so that a checkpoint waits for its tuples
  checkpointed_ = true;
  for (auto& [key, slot] : live_slots_)
    if (slots_[slot]->paused) set_paused(*slots_[slot], false);
  drop_records();
  slots_.clear();
  live_slots_.clear();
  rd_kafka_assign(consumer_.get(), nullptr);  // stops fetching: nothing read before the rewind is delivered
  kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(own.size())));
  std::vector<std::string> described;
  for (const auto& key : own) {
    auto* tp = rd_kafka_topic_partition_list_add(list.get(), key.first.c_str(), key.second);
    auto partition = std::make_unique<Partition>(Partition{key.first, key.second, {}, false, {}});
    if (auto it = offsets.find(key); it != offsets.end()) tp->offset = partition->start = it->second;
    else tp->offset = forced_start().value_or(RD_KAFKA_OFFSET_STORED);
    described.push_back(partition->start == kafka::PartitionOffsets::kNone ? fmt::format("{}/{}", key.first, key.second)
                                                                           : fmt::format("{}/{}@{}", key.first, key.second, tp->offset));
    register_lag_gauge(key.first, key.second);
    slots_.push_back(std::move(partition));
    live_slots_[key] = slots_.size() - 1;
  }
  if (auto err = rd_kafka_assign(consumer_.get(), list.get()))
    throw std::runtime_error(fmt::format("KafkaSpout: cannot assign partitions: {}", rd_kafka_err2str(err)));
  spdlog::info("KafkaSpout task {} of {}: reading [{}] (checkpointed offsets)", task_index_ + 1, tasks_, fmt::join(described, ", "));
}

void KafkaSpout::checkpoint_committed(const Value& position) {
  kafka::PartitionList list(rd_kafka_topic_partition_list_new(0));
  for (const auto& [key, offset] : parse_offsets(position))
    if (live_slots_.count(key)) rd_kafka_topic_partition_list_add(list.get(), key.first.c_str(), key.second)->offset = offset;
  if (list->cnt > 0) rd_kafka_commit(consumer_.get(), list.get(), 1);
}

}  // namespace squall::spouts
