// The core benchmark's pipeline (spout → forward → sink, small tuples) in 1 worker process vs 2
// (stages alternate: spout and sink in worker 0, forward and the acker in worker 1, so every
// tuple crosses processes twice, msgpack-encoded over ipc), acking off and on; and in the same
// run the raw baseline: ZeroMQ ipc between two processes, batches of 100 records of 48 bytes.
// Rates are tuples over the wall time from submit to completion (worker start-up and the
// supervisor's termination detection included). One JSON object; medians of `runs` runs.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pipeline.hpp"
#include "raw_zmq.hpp"
#include "squall/runtime/local_cluster.hpp"

using namespace squall;
using bench::Clock;
using bench::median;

namespace {

int kRuns = 5;  // argv[1] overrides
constexpr std::size_t kBatch = 100;  // topology.transfer.batch.size; between workers the default 1000 applies

/// `authenticate` false: worker links without the CURVE key pair a run gets by default.
double run_pipeline(std::int64_t count, int workers, bool acking, bool authenticate = true) {
  auto b = bench::pipeline(count, 0, acking);
  Config c;
  c.set(config_keys::kMessagingAuthenticate, authenticate);
  c.set(config_keys::kWorkers, workers);
  c.set(config_keys::kAckerExecutors, acking ? 1 : 0);
  c.set(config_keys::kProducerBatchSize, static_cast<std::int64_t>(kBatch));
  c.set(config_keys::kProgressIntervalSecs, 0);
  c.set(config_keys::kWorkerHeartbeatSecs, 0.02);
  auto [secs, m] = bench::run_to_completion(b, c);
  if (m.component("sink")->executed != static_cast<std::uint64_t>(count))
    std::fprintf(stderr, "sink executed %llu of %lld\n", static_cast<unsigned long long>(m.component("sink")->executed),
                 static_cast<long long>(count));
  return static_cast<double>(count) / secs;
}

double raw_zmq_ipc(std::int64_t count) {
  auto path = std::filesystem::temp_directory_path() / ("squall-bench-raw-" + std::to_string(::getpid()));
  double rate = bench::raw_zmq_push_pull("ipc://" + path.string(), count, kBatch);
  std::filesystem::remove(path);
  return rate;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) kRuns = std::max(1, std::atoi(argv[1]));
  if (argc > 2) {  // bench_workers RUNS two_off: only that case, for profiling
    std::string only = argv[2];
    for (int r = 0; r < kRuns; ++r)
      std::printf("%.0f\n", run_pipeline(6'000'000, only.rfind("two", 0) == 0 ? 2 : 1, only.ends_with("on")));
    return 0;
  }
  spdlog::set_level(spdlog::level::warn);
  std::vector<double> raw, one_off, two_off, two_off_plain, one_on, two_on;
  for (int r = 0; r < kRuns; ++r) {
    raw.push_back(raw_zmq_ipc(20'000'000));
    // Enough tuples that start-up (forks, binds) and termination detection (two heartbeat waves)
    // weigh little in the wall time.
    one_off.push_back(run_pipeline(6'000'000, 1, false));
    two_off.push_back(run_pipeline(6'000'000, 2, false));
    two_off_plain.push_back(run_pipeline(6'000'000, 2, false, /*authenticate=*/false));
    one_on.push_back(run_pipeline(2'000'000, 1, true));
    two_on.push_back(run_pipeline(2'000'000, 2, true));
  }
  nlohmann::json out{
      {"benchmark", "workers"},
      {"pipeline", "spout -> forward -> sink, tuples (int64, int64, 32-byte string), 1 executor each"},
      {"runs", kRuns},
      {"batch_size", kBatch},
      {"batch_size_between_workers", 1000},
      {"hardware_threads", std::thread::hardware_concurrency()},
      {"one_worker_acking_off_tuples_per_sec", median(one_off)},
      {"two_workers_acking_off_tuples_per_sec", median(two_off)},
      {"two_workers_acking_off_unauthenticated_tuples_per_sec", median(two_off_plain)},
      {"curve_cost_two_workers_acking_off", 1.0 - median(two_off) / median(two_off_plain)},
      {"one_worker_acking_on_tuples_per_sec", median(one_on)},
      {"two_workers_acking_on_tuples_per_sec", median(two_on)},
      {"raw_zmq_ipc_two_processes_records_per_sec", median(raw)},
      {"two_workers_acking_off_vs_raw_ipc", median(two_off) / median(raw)},
      {"targets", {{"two_workers_acking_off_tuples_per_sec", 1'000'000}}},
      {"peak_rss_mib", {{"supervisor", bench::peak_rss_mib()}, {"largest_worker", bench::peak_rss_mib(RUSAGE_CHILDREN)}}},
      {"all_runs",
       {{"raw_zmq_ipc", raw}, {"one_off", one_off}, {"two_off", two_off}, {"two_off_plain", two_off_plain},
        {"one_on", one_on}, {"two_on", two_on}}}};
  std::printf("%s\n", out.dump(2).c_str());
}
