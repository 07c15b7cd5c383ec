// spout → bolt → bolt with small tuples (int64 key, int64 value, 32-byte string).
//   - tuples/s with the spout unthrottled, acking off and on
//   - complete latency p50/p99 at 100,000 tuples/s offered (acking on)
//   - raw ZeroMQ inproc baseline: one sender thread, one receiver, batches of the same size
// Prints one JSON object; every figure is the median of `runs` runs.
//   bench_throughput [RUNS [off|on|latency]]: with a case, only that case, one line per run.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "pipeline.hpp"
#include "squall/runtime/local_cluster.hpp"

using namespace squall;
using bench::Clock;
using bench::median;

namespace {

int kRuns = 5;  // argv[1] overrides
constexpr std::size_t kBatch = 100;
// Tuples per run: unthrottled with acking off and on, and at kLatencyRate tuples/s offered.
constexpr std::int64_t kOffTuples = 3'000'000, kOnTuples = 1'000'000, kLatencyTuples = 200'000;
constexpr double kLatencyRate = 100'000;

struct RunResult {
  double tuples_per_sec;
  double p50_ms, p99_ms;
};

RunResult run_pipeline(std::int64_t count, double rate, bool acking, bool chained = true) {
  auto b = bench::pipeline(count, rate, acking);
  Config c;
  c.set(config_keys::kAckerExecutors, acking ? 1 : 0);
  c.set(config_keys::kProducerBatchSize, static_cast<std::int64_t>(kBatch));
  c.set(config_keys::kProgressIntervalSecs, 0);
  c.set(config_keys::kChaining, chained);
  auto [secs, m] = bench::run_to_completion(b, c);
  const auto* spout = m.component("spout");
  return {static_cast<double>(count) / secs, spout->complete_latency_p50_ms, spout->complete_latency_p99_ms};
}

// The floor squall is measured against: the same batch size of 48-byte records over inproc.
double raw_zmq_inproc(std::int64_t count) {
  zmq::context_t ctx(1);
  zmq::socket_t pull(ctx, zmq::socket_type::pull);
  pull.bind("inproc://raw");
  std::thread sender([&] {
    zmq::socket_t push(ctx, zmq::socket_type::push);
    push.connect("inproc://raw");
    std::vector<char> frame(kBatch * 48, 'x');
    for (std::int64_t sent = 0; sent < count; sent += kBatch) push.send(zmq::buffer(frame), zmq::send_flags::none);
  });
  auto start = Clock::now();
  std::int64_t got = 0;
  std::uint64_t checksum = 0;
  zmq::message_t msg;
  while (got < count) {
    (void)pull.recv(msg);
    checksum += static_cast<unsigned char>(static_cast<const char*>(msg.data())[msg.size() - 1]);
    got += static_cast<std::int64_t>(msg.size() / 48);
  }
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  sender.join();
  if (checksum == 0) std::fprintf(stderr, "impossible\n");
  return static_cast<double>(count) / secs;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kRuns = std::max(1, std::atoi(argv[1]));
  spdlog::set_level(spdlog::level::warn);
  if (argc > 2) {  // bench_throughput RUNS off|on|latency [unchained]: only that case, one line per run
    std::string only = argv[2];
    bool chained = argc <= 3 || std::string(argv[3]) != "unchained";
    for (int r = 0; r < kRuns; ++r) {
      if (only == "latency") {
        auto lat = run_pipeline(kLatencyTuples, kLatencyRate, true, chained);
        std::printf("p50_ms %.3f p99_ms %.3f\n", lat.p50_ms, lat.p99_ms);
      } else {
        std::printf("%.0f\n", run_pipeline(only == "on" ? kOnTuples : kOffTuples, 0, only == "on", chained).tuples_per_sec);
      }
      std::fflush(stdout);
    }
    std::fprintf(stderr, "peak_rss_mib %.1f\n", bench::peak_rss_mib());
    return 0;
  }
  std::vector<double> off, on, off_unchained, on_unchained, p50, p99, raw;
  for (int r = 0; r < kRuns; ++r) {
    off.push_back(run_pipeline(kOffTuples, 0, false).tuples_per_sec);
    on.push_back(run_pipeline(kOnTuples, 0, true).tuples_per_sec);
    off_unchained.push_back(run_pipeline(kOffTuples, 0, false, false).tuples_per_sec);
    on_unchained.push_back(run_pipeline(kOnTuples, 0, true, false).tuples_per_sec);
    auto lat = run_pipeline(kLatencyTuples, kLatencyRate, true);
    p50.push_back(lat.p50_ms);
    p99.push_back(lat.p99_ms);
    raw.push_back(raw_zmq_inproc(20'000'000));
  }
  nlohmann::json out{
      {"benchmark", "throughput"},
      {"pipeline", "spout -> bolt -> bolt, tuples (int64, int64, 32-byte string), 1 executor each; chained (one "
                   "thread, squall.topology.chaining) and unchained (three)"},
      {"runs", kRuns},
      {"batch_size", kBatch},
      {"hardware_threads", std::thread::hardware_concurrency()},
      {"acking_off_tuples_per_sec", median(off)},
      {"acking_on_tuples_per_sec", median(on)},
      {"acking_on_vs_off", median(on) / median(off)},
      {"unchained_acking_off_tuples_per_sec", median(off_unchained)},
      {"unchained_acking_on_tuples_per_sec", median(on_unchained)},
      {"complete_latency_at_100k_per_sec", {{"p50_ms", median(p50)}, {"p99_ms", median(p99)}}},
      {"raw_zmq_inproc_records_per_sec", median(raw)},
      {"acking_off_vs_raw_zmq", median(off) / median(raw)},
      {"targets", {{"acking_off_tuples_per_sec", 3'000'000}, {"acking_on_tuples_per_sec", 1'000'000}, {"p99_ms", 5}}},
      {"peak_rss_mib", bench::peak_rss_mib()},
      {"all_runs",
       {{"acking_off", off}, {"acking_on", on}, {"unchained_acking_off", off_unchained},
        {"unchained_acking_on", on_unchained}, {"p99_ms", p99}, {"raw_zmq", raw}}}};
  std::printf("%s\n", out.dump(2).c_str());
}
