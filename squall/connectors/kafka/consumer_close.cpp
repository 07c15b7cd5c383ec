#include "squall/connectors/kafka/consumer_close.hpp"

#include <algorithm>
#include <vector>

#include <spdlog/spdlog.h>

namespace squall::kafka {

namespace {

bool brokers_answer(rd_kafka_t* consumer, std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* metadata = nullptr;
  auto err = rd_kafka_metadata(consumer, 0, nullptr, &metadata, static_cast<int>(std::max<std::int64_t>(1, timeout.count())));
  if (metadata) rd_kafka_metadata_destroy(metadata);
  if (err) spdlog::warn("KafkaSpout: no broker answers ({}); closing without the last commit", rd_kafka_err2str(err));
  return !err;
}

}  // namespace

bool close_consumer_within(rd_kafka_t* consumer, rd_kafka_queue_t* queue, std::chrono::milliseconds timeout,
                           const std::function<void()>& last_commit) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  if (!brokers_answer(consumer, timeout / 2)) return false;
  last_commit();
  if (rd_kafka_error_t* error = rd_kafka_consumer_close_queue(consumer, queue)) {
    spdlog::warn("KafkaSpout: cannot close the consumer: {}", rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
    return false;
  }
  std::vector<rd_kafka_message_t*> dropped(64);
  while (!rd_kafka_consumer_closed(consumer)) {
    if (std::chrono::steady_clock::now() >= deadline) {
      spdlog::warn("KafkaSpout: the group leave took longer than close.timeout.ms ({} ms); closing anyway",
                   timeout.count());
      return false;
    }
    auto n = rd_kafka_consume_batch_queue(queue, 50, dropped.data(), dropped.size());
    for (ssize_t i = 0; i < n; ++i) rd_kafka_message_destroy(dropped[static_cast<std::size_t>(i)]);
  }
  return true;
}

}  // namespace squall::kafka
