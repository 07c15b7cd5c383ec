// Cluster mode's data path and recovery, against the raw library in the same run.
//
// The core pipeline (spout → forward → sink, small tuples; bench/cluster_plugin.cpp) with 3
// workers, from one topology file:
//   - one host: `squall run` (3 worker processes over ipc);
//   - three hosts: `squall submit` to a Nimbus and supervisors on 127.0.0.2-4 (tcp, CURVE),
//     ZooKeeper being Debian's server;
// acking off and on; the rate is what the sink saw, first tuple to last (start-up excluded).
// Baseline: raw ZeroMQ tcp between two processes, frames of 100 records of 48 bytes.
// Recovery: kill -9 of the supervisor (and workers) holding the forward bolt, mid-run, with the
// test's timeouts (session 4 s, task timeout 3 s): seconds until Nimbus reassigns its worker and
// until the sink receives tuples again. One JSON object; medians of `runs` runs.
//
//   scripts/bench cluster [RUNS]
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "pipeline.hpp"
#include "raw_zmq.hpp"
#include "support/processes.hpp"

using namespace std::chrono_literals;
using bench::median;

namespace {

struct SinkReport {
  std::int64_t tuples = 0;
  double secs = 0;  ///< first tuple to last
};

SinkReport read_report(const std::filesystem::path& file) {
  std::istringstream in(test::read_text(file));
  std::int64_t count = 0, first = 0, last = 0;
  if (!(in >> count >> first >> last)) return {};
  return {count, static_cast<double>(last - first) / 1e9};
}

struct Cluster {
  test::TempDir dir;
  test::ZooKeeperServer zookeeper{dir.path() / "zookeeper"};
  std::filesystem::path config = dir.write(
      "squall.yaml", fmt::format("storm.zookeeper.servers: [\"{}\"]\nstorm.zookeeper.session.timeout: 4000\n"
                                 "nimbus.monitor.freq.secs: 0.3\nnimbus.task.timeout.secs: 3\n"
                                 "supervisor.monitor.frequency.secs: 0.3\n", zookeeper.servers()));
  int slot_base = test::free_port() / 8 * 8;
  std::unique_ptr<test::ChildProcess> nimbus;
  std::vector<std::unique_ptr<test::ChildProcess>> supervisors;

  Cluster() {
    nimbus = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{SQUALL_BINARY, "nimbus", "--config", config.string(), "--port",
                                 std::to_string(test::free_port()), "--local-dir", (dir.path() / "nimbus").string()},
        dir.path() / "nimbus.log");
    for (int h = 2; h <= 4; ++h)
      supervisors.push_back(std::make_unique<test::ChildProcess>(
          std::vector<std::string>{SQUALL_BINARY, "supervisor", "--config", config.string(), "--host",
                                   fmt::format("127.0.0.{}", h), "--slots", fmt::format("{}-{}", slot_base, slot_base + 3),
                                   "--local-dir", (dir.path() / fmt::format("supervisor{}", h)).string()},
          dir.path() / fmt::format("supervisor{}.log", h)));
    if (!test::eventually([&] { return nimbus->log().find("is the leader") != std::string::npos; }, 30s, 50ms))
      throw std::runtime_error("nimbus did not lead");
  }
  int squall(const std::string& args) const {
    return std::system(fmt::format("cd '{}' && timeout 60 '{}' {} --cluster-config '{}' > client.out 2>&1",
                                   dir.path().string(), SQUALL_BINARY, args, config.string()).c_str());
  }
};

/// The pipeline's topology file in `dir`: `count` tuples at `rate` (0: unthrottled).
std::string write_topology(const std::filesystem::path& dir, const std::string& name, std::int64_t count, bool acking,
                           double rate = 0) {
  std::ofstream(dir / (name + ".yaml")) << fmt::format(R"(name: {0}
config: {{topology.workers: 3, topology.acker.executors: {1}, topology.max.spout.pending: 5000,
          topology.message.timeout.secs: 10, squall.progress.interval.secs: 0}}
plugins: ["{2}"]
spouts:
  - {{id: spout, className: bench.BenchSpout, config: {{count: {3}, rate: {4}, reliable: {5}}}}}
bolts:
  - {{id: forward, className: bench.ForwardBolt}}
  - {{id: sink, className: bench.TimedSink, config: {{report: "{6}", expected: {3}}}}}
streams:
  - {{from: spout, to: forward, grouping: {{type: SHUFFLE}}}}
  - {{from: forward, to: sink, grouping: {{type: SHUFFLE}}}}
)", name, acking ? 1 : 0, BENCH_PLUGIN, count, rate, acking, (dir / (name + ".report")).string());
  return name + ".yaml";
}

double one_host(const std::filesystem::path& dir, std::int64_t count, bool acking) {
  auto file = write_topology(dir, "local", count, acking);
  std::filesystem::remove(dir / "local.report");
  int status = std::system(fmt::format("cd '{}' && '{}' --log-level warn run {} --stats-interval 0 > local.log 2>&1",
                                       dir.string(), SQUALL_BINARY, file).c_str());
  auto r = read_report(dir / "local.report");
  if (status != 0 || r.tuples != count) std::fprintf(stderr, "local run: %lld of %lld\n", static_cast<long long>(r.tuples), static_cast<long long>(count));
  return static_cast<double>(r.tuples) / r.secs;
}

double three_hosts(Cluster& c, std::int64_t count, bool acking) {
  static int n = 0;
  std::string name = fmt::format("spread{}", ++n);
  auto file = write_topology(c.dir.path(), name, count, acking);
  if (c.squall("submit " + file) != 0) throw std::runtime_error("submit failed: " + test::read_text(c.dir.path() / "client.out"));
  auto report = c.dir.path() / (name + ".report");
  if (!test::eventually([&] { return read_report(report).tuples >= count; }, 300s, 50ms))
    std::fprintf(stderr, "%s: %lld of %lld\n", name.c_str(), static_cast<long long>(read_report(report).tuples), static_cast<long long>(count));
  auto r = read_report(report);
  c.squall("kill " + name + " -w 0");
  test::eventually([&] { return std::system(("pgrep -f 'worker --document .*/" + name + "[.]topology' > /dev/null").c_str()) != 0; }, 30s, 50ms);
  return static_cast<double>(r.tuples) / r.secs;
}

/// Seconds from kill -9 of the forward bolt's host to (Nimbus reassigning it, tuples reaching the sink again).
std::pair<double, double> recovery(Cluster& c) {
  static int n = 0;
  std::string name = fmt::format("recovery{}", ++n);
  auto file = write_topology(c.dir.path(), name, 100'000'000, true, 20000);
  if (c.squall("submit " + file) != 0) throw std::runtime_error("submit failed");
  auto report = c.dir.path() / (name + ".report");
  test::eventually([&] { return read_report(report).tuples >= 40000; }, 60s, 20ms);
  // Executors: spout 1, forward 2, sink 3, acker 4; worker e mod 3: forward is in worker 1.
  std::string placed_as = "worker 1 → 127.0.0.";
  auto log = c.nimbus->log();
  auto at = log.rfind(placed_as);
  int host = log[at + placed_as.size()] - '0';
  auto& victim = c.supervisors[static_cast<std::size_t>(host - 2)];
  victim->signal(SIGKILL);
  auto killed = std::chrono::steady_clock::now();
  test::eventually([&] {
    auto now = c.nimbus->log();
    auto last = now.rfind(placed_as);
    return last > at && now[last + placed_as.size()] - '0' != host;
  }, 60s, 10ms);
  double reassigned = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  // By then (seconds after the kill) the sink has long had whatever was on its way: more is new.
  auto stalled = read_report(report).tuples;
  test::eventually([&] { return read_report(report).tuples > stalled + 1000; }, 60s, 10ms);
  double flowing = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  c.squall("kill " + name + " -w 0");
  victim = std::make_unique<test::ChildProcess>(  // the host comes back for the next run
      std::vector<std::string>{SQUALL_BINARY, "supervisor", "--config", c.config.string(), "--host",
                               fmt::format("127.0.0.{}", host), "--slots", fmt::format("{}-{}", c.slot_base, c.slot_base + 3),
                               "--local-dir", (c.dir.path() / fmt::format("supervisor{}", host)).string()},
      c.dir.path() / fmt::format("supervisor{}.log", host));
  test::eventually([&] { return std::system("pgrep -f 'worker --document .*/recovery[0-9]*[.]topology' > /dev/null") != 0; }, 30s, 50ms);
  return {reassigned, flowing};
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  constexpr std::int64_t kOff = 3'000'000, kOn = 1'000'000;
  Cluster c;
  std::vector<double> raw, local_off, local_on, spread_off, spread_on, reassigned, flowing;
  for (int r = 0; r < runs; ++r) {
    raw.push_back(bench::raw_zmq_push_pull(fmt::format("tcp://127.0.0.2:{}", test::free_port("127.0.0.2")), 20'000'000, 100));
    local_off.push_back(one_host(c.dir.path(), kOff, false));
    spread_off.push_back(three_hosts(c, kOff, false));
    local_on.push_back(one_host(c.dir.path(), kOn, true));
    spread_on.push_back(three_hosts(c, kOn, true));
    auto [a, b] = recovery(c);
    reassigned.push_back(a);
    flowing.push_back(b);
  }
  nlohmann::json out{
      {"benchmark", "cluster"},
      {"pipeline", "spout -> forward -> sink, tuples (int64, int64, 32-byte string), 3 workers, 1 executor each"},
      {"runs", runs},
      {"hardware_threads", std::thread::hardware_concurrency()},
      {"one_host_3_workers_ipc_acking_off_tuples_per_sec", median(local_off)},
      {"three_hosts_tcp_curve_acking_off_tuples_per_sec", median(spread_off)},
      {"one_host_3_workers_ipc_acking_on_tuples_per_sec", median(local_on)},
      {"three_hosts_tcp_curve_acking_on_tuples_per_sec", median(spread_on)},
      {"raw_zmq_tcp_two_processes_records_per_sec", median(raw)},
      {"three_hosts_acking_off_vs_raw_tcp", median(spread_off) / median(raw)},
      {"recovery_reassigned_secs", median(reassigned)},
      {"recovery_flowing_again_secs", median(flowing)},
      {"recovery_timeouts", "session 4 s + nimbus.task.timeout.secs 3 s"},
      {"targets", {{"three_hosts_acking_off_vs_raw_tcp", 0.5}, {"recovery_flowing_again_secs", 4 + 3 + 5}}},
      {"all_runs",
       {{"raw", raw}, {"local_off", local_off}, {"spread_off", spread_off}, {"local_on", local_on},
        {"spread_on", spread_on}, {"reassigned", reassigned}, {"flowing", flowing}}}};
  std::printf("%s\n", out.dump(2).c_str());
}
