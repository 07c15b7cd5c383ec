#pragma once
// Kafka test helpers: an in-process mock cluster (kafka::MockCluster), committed and end offsets
// read back through a separate client, producing with kcat (an independent Kafka client), and a
// bolt that records which records reached it.

#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include "squall/connectors/kafka/kafka_handles.hpp"
#include "squall/connectors/kafka/mock_cluster.hpp"
#include "squall/api/bolt.hpp"
#include "squall/api/output_collector.hpp"
#include "squall/api/output_fields_declarer.hpp"

namespace test {

/// The committed offset of each partition 0..partitions-1 of `topic` for `group` (-1001 when none).
inline std::vector<std::int64_t> committed_offsets(const std::string& bootstrap, const std::string& group,
                                                   const std::string& topic, int partitions) {
  auto conf = squall::kafka::make_kafka_conf({{"bootstrap.servers", bootstrap}, {"group.id", group}, {"log_level", "3"}}, "test");
  auto consumer = squall::kafka::make_kafka_client(RD_KAFKA_CONSUMER, std::move(conf), "test");
  squall::kafka::PartitionList list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  std::vector<std::int64_t> out(static_cast<std::size_t>(partitions), RD_KAFKA_OFFSET_INVALID);
  if (rd_kafka_committed(consumer.get(), list.get(), 5000) == RD_KAFKA_RESP_ERR_NO_ERROR)
    for (int i = 0; i < list->cnt; ++i) out[static_cast<std::size_t>(list->elems[i].partition)] = list->elems[i].offset;
  rd_kafka_consumer_close(consumer.get());
  return out;
}

/// The end offset (high watermark) of each partition.
inline std::vector<std::int64_t> end_offsets(const std::string& bootstrap, const std::string& topic, int partitions) {
  auto conf = squall::kafka::make_kafka_conf({{"bootstrap.servers", bootstrap}, {"log_level", "3"}}, "test");
  auto producer = squall::kafka::make_kafka_client(RD_KAFKA_PRODUCER, std::move(conf), "test");
  std::vector<std::int64_t> out;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0, high = -1;
    rd_kafka_query_watermark_offsets(producer.get(), topic.c_str(), p, &low, &high, 5000);
    out.push_back(high);
  }
  return out;
}

/// Produces `lines` ("KEY:VALUE" each, or values only when not `keyed`) to `topic` with kcat;
/// returns kcat's exit status.
inline int kcat_produce(const std::string& bootstrap, const std::string& topic, const std::vector<std::string>& lines,
                        bool keyed = true) {
  auto command = fmt::format("kcat -P -b {} -t {} {} -X log_level=3", bootstrap, topic, keyed ? "-K :" : "");
  std::FILE* pipe = ::popen(command.c_str(), "w");
  if (!pipe) return -1;
  for (const auto& l : lines) std::fprintf(pipe, "%s\n", l.c_str());
  return ::pclose(pipe);
}

/// Every record of `topic` from the beginning, values only, read with kcat.
inline std::vector<std::string> kcat_consume(const std::string& bootstrap, const std::string& topic) {
  auto command = fmt::format("kcat -C -b {} -t {} -o beginning -e -q -X log_level=3", bootstrap, topic);
  std::FILE* pipe = ::popen(command.c_str(), "r");
  std::vector<std::string> lines;
  if (!pipe) return lines;
  char buf[4096];
  std::string line;
  while (std::fgets(buf, sizeof buf, pipe)) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      lines.push_back(std::move(line));
      line.clear();
    }
  }
  ::pclose(pipe);
  return lines;
}

/// "topic/partition@offset" of a KafkaSpout tuple.
inline std::string record_location(const squall::Tuple& t) {
  return fmt::format("{}/{}@{}", t.get_string("topic"), t.get_int("partition"), t.get_int("offset"));
}

/// What reached a RecordingBolt: deliveries per record location and the values of each.
struct RecordLog {
  std::mutex mutex;
  std::map<std::string, int> deliveries;
  std::map<std::string, squall::Values> values;
  std::map<std::string, std::vector<squall::Values>> streams;  // other streams (errors, dead_letter)
  std::vector<std::pair<std::string, std::int64_t>> arrivals;  // (stream, offset) in arrival order
  std::size_t distinct() {
    std::lock_guard l(mutex);
    return deliveries.size();
  }
  std::size_t total() {
    std::lock_guard l(mutex);
    std::size_t n = 0;
    for (auto& [_, c] : deliveries) n += static_cast<std::size_t>(c);
    return n;
  }
  std::size_t on(const std::string& stream) {
    std::lock_guard l(mutex);
    return streams[stream].size();
  }
};

/// Records every KafkaSpout tuple; fails the first delivery of each record `fail_first` picks
/// (by offset), and every delivery of records `fail_always` picks; spends `work` on each record.
class RecordingBolt : public squall::Bolt {
 public:
  using Pick = std::function<bool(std::int64_t offset)>;
  RecordingBolt(std::shared_ptr<RecordLog> log, Pick fail_first = {}, Pick fail_always = {},
                std::chrono::microseconds work = {})
      : log_(std::move(log)), fail_first_(std::move(fail_first)), fail_always_(std::move(fail_always)), work_(work) {}
  void prepare(const squall::TopologyContext&, squall::OutputCollector& c) override { out_ = &c; }
  void execute(const squall::Tuple& t) override {
    {
      std::lock_guard l(log_->mutex);
      log_->arrivals.emplace_back(t.source_stream(), t.fields().contains("offset") ? t.get_int("offset") : -1);
    }
    if (t.source_stream() != "default") {
      std::lock_guard l(log_->mutex);
      log_->streams[t.source_stream()].push_back(t.values());
      return out_->ack(t);
    }
    if (work_.count()) std::this_thread::sleep_for(work_);  // a bolt with real work to do per record
    auto offset = t.get_int("offset");
    auto where = record_location(t);
    if ((fail_first_ && fail_first_(offset) && failed_.insert(where).second) || (fail_always_ && fail_always_(offset)))
      return out_->fail(t);
    {
      std::lock_guard l(log_->mutex);
      ++log_->deliveries[where];
      log_->values[where] = t.values();
    }
    out_->ack(t);
  }

 private:
  std::shared_ptr<RecordLog> log_;
  Pick fail_first_, fail_always_;
  std::chrono::microseconds work_;
  std::set<std::string> failed_;
  squall::OutputCollector* out_ = nullptr;
};

}  // namespace test
