// KafkaSpout consume rate against kcat's, from the same in-process mock Kafka cluster, as JSON
// (medians of RUNS runs).
//
//   bench_kafka [RUNS] [RECORDS]
//
// The topic: 8 partitions, RECORDS records (default 250,000) of 100-byte values with 8-byte keys,
// produced once with librdkafka. Each run reads all of them from the beginning:
// - kcat: `kcat -C -o beginning -c RECORDS` (no consumer group), output to a pipe that counts lines; the
//   rate is over kcat's whole process lifetime;
// - spout_at_least_once / spout_no_guarantee: KafkaSpout (a new consumer group each run) -> a bolt
//   that only acks; acking on for at_least_once (1 acker), tuples untracked for no_guarantee. The
//   rate is from the first tuple at the bolt to the last (the group join, about a second on the
//   mock cluster, is reported apart as join_ms).

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "squall/api/bolt.hpp"
#include "squall/api/output_collector.hpp"
#include "squall/api/topology_builder.hpp"
#include "squall/connectors/kafka/kafka_handles.hpp"
#include "squall/connectors/kafka/kafka_spout.hpp"
#include "squall/connectors/kafka/mock_cluster.hpp"
#include "squall/runtime/local_cluster.hpp"

namespace {

using Clock = std::chrono::steady_clock;
int kRuns = 3;
std::int64_t kRecords = 250'000;
// The mock cluster keeps about 5 MB per partition and drops older records beyond: 8 partitions
// hold 250,000 records of 100 bytes.
constexpr int kPartitions = 8;
// Both consumers fetch with the same settings: fetch.wait.max.ms 10 instead of librdkafka's 500,
// which on the mock cluster makes some runs of either client four times slower than others.
const char* kFetchWaitMs = "10";

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void produce(const std::string& bootstrap) {
  auto conf = squall::kafka::make_kafka_conf(
      {{"bootstrap.servers", bootstrap}, {"linger.ms", "20"}, {"batch.num.messages", "10000"}, {"log_level", "3"}}, "bench");
  auto producer = squall::kafka::make_kafka_client(RD_KAFKA_PRODUCER, std::move(conf), "bench");
  std::string value(100, 'v');
  for (std::int64_t i = 0; i < kRecords; ++i) {
    auto key = fmt::format("{:08}", i);
    while (rd_kafka_producev(producer.get(), RD_KAFKA_V_TOPIC("bench"), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_VALUE(value.data(), value.size()),
                             RD_KAFKA_V_END) == RD_KAFKA_RESP_ERR__QUEUE_FULL)
      rd_kafka_poll(producer.get(), 10);
  }
  if (auto err = rd_kafka_flush(producer.get(), 120'000)) {
    std::fprintf(stderr, "bench_kafka: producing failed: %s\n", rd_kafka_err2str(err));
    std::exit(1);
  }
}

double run_kcat(const std::string& bootstrap) {
  auto command = fmt::format("timeout 180 kcat -C -b {} -t bench -o beginning -c {} -q -X log_level=3 -X fetch.wait.max.ms={} | wc -l",
                             bootstrap, kRecords, kFetchWaitMs);
  auto start = Clock::now();
  std::FILE* pipe = ::popen(command.c_str(), "r");
  long lines = 0;
  if (!pipe || std::fscanf(pipe, "%ld", &lines) != 1) {
    std::fprintf(stderr, "bench_kafka: cannot run kcat\n");
    std::exit(1);
  }
  ::pclose(pipe);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  if (lines != kRecords) {
    std::fprintf(stderr, "bench_kafka: kcat read %ld records, expected %lld\n", lines, static_cast<long long>(kRecords));
    std::exit(1);
  }
  return static_cast<double>(kRecords) / secs;
}

struct Progress {
  std::atomic<std::int64_t> executed{0};
  std::atomic<std::int64_t> first_ns{0}, last_ns{0};
};

class AckBolt : public squall::Bolt {
 public:
  explicit AckBolt(Progress* p) : p_(p) {}
  void prepare(const squall::TopologyContext&, squall::OutputCollector& c) override { out_ = &c; }
  void execute(const squall::Tuple& t) override {
    auto now = Clock::now().time_since_epoch().count();
    if (p_->executed.fetch_add(1, std::memory_order_relaxed) == 0) p_->first_ns = now;
    p_->last_ns.store(now, std::memory_order_relaxed);
    out_->ack(t);
  }

 private:
  Progress* p_;
  squall::OutputCollector* out_ = nullptr;
};

double run_spout(const std::string& bootstrap, const std::string& guarantee, int run, double* join_ms) {
  Progress progress;
  nlohmann::json settings = {{"bootstrap.servers", bootstrap},
                             {"topics", {"bench"}},
                             {"group.id", fmt::format("bench-{}-{}", guarantee, run)},
                             {"processing.guarantee", guarantee},
                             {"kafka.properties", {{"log_level", "3"}, {"fetch.wait.max.ms", kFetchWaitMs}}}};
  squall::TopologyBuilder b;
  b.set_spout("kafka", [settings] { return std::make_unique<squall::spouts::KafkaSpout>(squall::ComponentSettings(settings)); });
  b.set_bolt("ack", [&progress] { return std::make_unique<AckBolt>(&progress); }).local_or_shuffle_grouping("kafka");
  squall::Config config;
  config.set(squall::config_keys::kProgressIntervalSecs, 0);
  squall::LocalCluster cluster;
  auto start = Clock::now();
  cluster.submit_topology("kafka", config, b.create_topology());
  while (progress.executed.load() < kRecords) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    if (Clock::now() - start > std::chrono::minutes(3)) {
      std::fprintf(stderr, "bench_kafka: KafkaSpout (%s) delivered %lld of %lld records in 3 minutes\n", guarantee.c_str(),
                   static_cast<long long>(progress.executed.load()), static_cast<long long>(kRecords));
      std::exit(1);
    }
  }
  cluster.kill_topology("kafka");
  double secs = static_cast<double>(progress.last_ns - progress.first_ns) / 1e9;
  *join_ms = static_cast<double>(progress.first_ns - start.time_since_epoch().count()) / 1e6;
  return static_cast<double>(kRecords - 1) / secs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kRuns = std::max(1, std::atoi(argv[1]));
  if (argc > 2) kRecords = std::max<std::int64_t>(1000, std::atoll(argv[2]));
  spdlog::set_level(spdlog::level::warn);
  squall::kafka::MockCluster cluster;
  cluster.create_topic("bench", kPartitions);
  produce(cluster.bootstrap_servers());
  std::vector<double> kcat, alo, ng, alo_join, ng_join;
  for (int r = 0; r < kRuns; ++r) {
    kcat.push_back(run_kcat(cluster.bootstrap_servers()));
    double join = 0;
    alo.push_back(run_spout(cluster.bootstrap_servers(), "at_least_once", r, &join));
    alo_join.push_back(join);
    ng.push_back(run_spout(cluster.bootstrap_servers(), "no_guarantee", r, &join));
    ng_join.push_back(join);
  }
  nlohmann::json out{
      {"benchmark", "kafka"},
      {"topic", {{"records", kRecords}, {"partitions", kPartitions}, {"value_bytes", 100}, {"key_bytes", 8}}},
      {"runs", kRuns},
      {"kcat_records_per_sec", median(kcat)},
      {"spout_at_least_once_records_per_sec", median(alo)},
      {"spout_no_guarantee_records_per_sec", median(ng)},
      {"at_least_once_vs_kcat", median(alo) / median(kcat)},
      {"no_guarantee_vs_kcat", median(ng) / median(kcat)},
      {"join_ms", {{"at_least_once", median(alo_join)}, {"no_guarantee", median(ng_join)}}},
      {"all_runs", {{"kcat", kcat}, {"at_least_once", alo}, {"no_guarantee", ng}}}};
  std::printf("%s\n", out.dump(2).c_str());
}
