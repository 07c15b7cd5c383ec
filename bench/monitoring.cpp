// The cost of watching a topology: the chained pipe of bench/throughput (acking off, unthrottled)
// with a MonitorServer scraped every second (/metrics and /api/v1/topology/bench, as Prometheus
// and a Storm UI client would), against the same pipe unwatched; alternating runs, medians.
//   bench_monitoring [RUNS [TUPLES]]   prints one JSON object. Target: watched ≥ 0.98 × unwatched.
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <thread>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "pipeline.hpp"
#include "squall/web/monitor_server.hpp"
#include "support/http_get.hpp"

using namespace squall;
using bench::Clock;
using bench::median;

namespace {

struct Run {
  double tuples_per_s;
  int scrapes;
};

Run run(bool watched, std::int64_t tuples) {
  Config config;
  config.set(config_keys::kAckerExecutors, 0);
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  auto start = Clock::now();
  auto topology = bench::pipeline(tuples, 0, false).create_topology();
  web::LocalClusterTarget target(cluster, {{"bench", web::graph_of(topology)}}, [](const std::string&, int) {});
  cluster.submit_topology("bench", config, std::move(topology));
  std::optional<web::MonitorServer> monitor;
  std::atomic<bool> done{false};
  std::atomic<int> scrapes{0};
  std::thread scraper;
  if (watched) {
    monitor.emplace(web::MonitorSettings{}, target);
    scraper = std::thread([&] {
      for (auto next = Clock::now(); !done; next += std::chrono::seconds(1)) {
        test::http_get(monitor->url(), "/metrics");
        test::http_get(monitor->url(), "/api/v1/topology/bench");
        // what the UI's event stream computes each second for an open component page
        test::http_get(monitor->url(), "/api/v1/topology/bench/visualization");
        test::http_get(monitor->url(), "/api/v1/topology/bench/component/sink");
        ++scrapes;
        while (!done && Clock::now() < next + std::chrono::seconds(1)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
  }
  if (!cluster.wait_until_complete("bench", std::chrono::minutes(5))) std::fprintf(stderr, "bench run did not complete\n");
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  done = true;
  if (scraper.joinable()) scraper.join();
  monitor.reset();
  cluster.kill_topology("bench");
  return {static_cast<double>(tuples) / secs, scrapes.load()};
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  std::int64_t tuples = argc > 2 ? std::atoll(argv[2]) : 50'000'000;
  std::vector<double> plain, watched;
  std::vector<double> scrapes;
  for (int r = 0; r < runs; ++r) {
    plain.push_back(run(false, tuples).tuples_per_s);
    auto w = run(true, tuples);
    watched.push_back(w.tuples_per_s);
    scrapes.push_back(w.scrapes);
  }
  nlohmann::json out = {{"bench", "monitoring"},
                        {"runs", runs},
                        {"tuples", tuples},
                        {"unwatched_tuples_per_s", median(plain)},
                        {"watched_tuples_per_s", median(watched)},
                        {"watched_over_unwatched", median(watched) / median(plain)},
                        {"scrapes_per_run", median(scrapes)},
                        {"peak_rss_mib", bench::peak_rss_mib()}};
  std::printf("%s\n", out.dump(2).c_str());
}
