// KafkaSpout's side of the consumer group: committing acked offsets, and partitions assigned and
// revoked by a rebalance (eager or cooperative). The record path is in kafka_spout.cpp.
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/connectors/kafka/kafka_spout.hpp"

namespace squall::spouts {

void KafkaSpout::commit(bool synchronously) {
  if (!consumer_) return;
  kafka::PartitionList list(rd_kafka_topic_partition_list_new(static_cast<int>(live_slots_.size())));
  for (auto& [key, slot] : live_slots_) {
    auto& offsets = slots_[slot]->offsets;
    if (offsets.committable() != kafka::PartitionOffsets::kNone && offsets.committable() > offsets.committed())
      rd_kafka_topic_partition_list_add(list.get(), key.first.c_str(), key.second)->offset = offsets.committable();
  }
  if (list->cnt == 0) return;
  auto err = rd_kafka_commit(consumer_.get(), list.get(), synchronously ? 0 : 1);
  if (synchronously && !err) on_committed(err, list.get());
  else if (err) spdlog::warn("KafkaSpout: commit failed: {} (retried next period)", rd_kafka_err2str(err));
}

void KafkaSpout::on_committed(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* offsets) {
  if (err == RD_KAFKA_RESP_ERR__NO_OFFSET) return;
  if (err) {
    spdlog::warn("KafkaSpout: commit failed: {} (retried next period)", rd_kafka_err2str(err));
    return;
  }
  for (int i = 0; i < offsets->cnt; ++i) {
    const auto& tp = offsets->elems[i];
    auto it = live_slots_.find({tp.topic, tp.partition});
    if (it != live_slots_.end() && !tp.err) slots_[it->second]->offsets.confirm_commit(tp.offset);
  }
}

void KafkaSpout::on_rebalance(rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* partitions) {
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) assign(partitions);
  else revoke(partitions);
}

bool KafkaSpout::cooperative() const {
  const char* protocol = rd_kafka_rebalance_protocol(consumer_.get());
  return protocol && std::strcmp(protocol, "COOPERATIVE") == 0;
}

void KafkaSpout::register_lag_gauge(const std::string& topic, std::int32_t partition) {
  auto [it, fresh] = lag_.try_emplace({topic, partition}, std::make_shared<std::atomic<std::int64_t>>(0));
  if (!fresh || !context_) return;
  auto lag = it->second;
  context_->register_gauge(fmt::format("kafka_lag.{}.{}", topic, partition), [lag] { return static_cast<double>(lag->load()); });
}

void KafkaSpout::update_lag() {
  for (const auto& [key, slot] : live_slots_) {
    const Partition& p = *slots_[slot];
    std::int64_t low = 0, high = 0;
    if (rd_kafka_get_watermark_offsets(consumer_.get(), p.topic.c_str(), p.partition, &low, &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0)
      continue;  // not fetched yet
    auto position = p.offsets.committable();
    auto behind = position == kafka::PartitionOffsets::kNone ? high - low : high - position;
    if (auto it = lag_.find(key); it != lag_.end()) it->second->store(std::max<std::int64_t>(0, behind));
  }
}

std::optional<std::int64_t> KafkaSpout::forced_start() const {
  if (first_poll_ == FirstPoll::earliest) return RD_KAFKA_OFFSET_BEGINNING;
  if (first_poll_ == FirstPoll::latest) return RD_KAFKA_OFFSET_END;
  return std::nullopt;
}

void KafkaSpout::assign(rd_kafka_topic_partition_list_t* partitions) {
  for (int i = 0; i < partitions->cnt; ++i) {
    auto& tp = partitions->elems[i];
    std::pair<std::string, std::int32_t> key{tp.topic, tp.partition};
    register_lag_gauge(key.first, key.second);
    slots_.push_back(std::make_unique<Partition>(Partition{key.first, key.second, {}, false, {}}));
    live_slots_[key] = slots_.size() - 1;
    bool first = assigned_before_.insert(key).second;
    if (auto start = forced_start(); first && start) tp.offset = *start;
  }
  spdlog::info("KafkaSpout: assigned {} partitions", partitions->cnt);
  if (cooperative()) {
    if (auto* error = rd_kafka_incremental_assign(consumer_.get(), partitions)) {
      spdlog::error("KafkaSpout: incremental assign failed: {}", rd_kafka_error_string(error));
      rd_kafka_error_destroy(error);
    }
  } else {
    rd_kafka_assign(consumer_.get(), partitions);
  }
}

void KafkaSpout::revoke(rd_kafka_topic_partition_list_t* partitions) {
  // Commit what is done before another consumer takes over; in-flight records of these
  // partitions will be read again by the new owner (at least once).
  // While closing, asynchronously: a synchronous commit waits for a broker that may be down.
  if (guarantee_ != Guarantee::at_most_once) commit(!closing_);
  for (int i = 0; i < partitions->cnt; ++i) {
    auto it = live_slots_.find({partitions->elems[i].topic, partitions->elems[i].partition});
    if (it == live_slots_.end()) continue;
    slots_[it->second].reset();
    live_slots_.erase(it);
  }
  std::erase_if(in_flight_, [&](const auto& entry) { return !slots_[entry.second.slot]; });
  // Records already polled for these partitions must not reach a later assignment of them.
  std::erase_if(polled_, [&](const kafka::KafkaMessage& m) { return !m->err && slot_of(*m) == kNoSlot; });
  spdlog::info("KafkaSpout: revoked {} partitions", partitions->cnt);
  if (cooperative()) {
    if (auto* error = rd_kafka_incremental_unassign(consumer_.get(), partitions)) rd_kafka_error_destroy(error);
  } else {
    rd_kafka_assign(consumer_.get(), nullptr);
  }
}

}  // namespace squall::spouts
