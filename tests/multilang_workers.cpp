// A worker killed with kill -9 takes its multilang child with it (PR_SET_PDEATHSIG). Label
// "workers": it forks worker processes, which TSan does not support (tests/CMakeLists.txt).

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "squall/runtime/local_cluster.hpp"
#include "support/files.hpp"
#include "support/multilang.hpp"

using namespace squall;
using test::processes_with;

namespace {

/// The parent pid and state letter of `pid` from /proc/PID/stat; state 0 when it is gone.
std::pair<int, char> parent_and_state(int pid) {
  const std::string stat = test::read_text("/proc/" + std::to_string(pid) + "/stat");  // "" once it is gone
  auto close = stat.rfind(')');
  if (close == std::string::npos) return {0, 0};
  std::istringstream rest(stat.substr(close + 2));
  char state = 0;
  int ppid = 0;
  rest >> state >> ppid;
  return {ppid, state};
}

}  // namespace

TEST_CASE("a worker killed with kill -9 takes its multilang child with it; the restarted worker's child finishes the run") {
  test::TempDir dir;
  std::string tag = (dir.path() / "child-tag").string();  // in the child's command line only
  auto spout = std::make_shared<test::SpoutLog>();
  auto sink = std::make_shared<test::SinkLog>();
  Config config = test::quick_faults();
  config.set(config_keys::kWorkers, 2);
  config.set(config_keys::kMessagingIpcDir, (dir.path() / "run").string());
  config.set(config_keys::kMaxSpoutPending, 200);
  config.set(config_keys::kMessageTimeoutSecs, 5);
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("w", config, test::through_python(spout, sink, 20000, {"plain", tag}).create_topology());
  std::vector<int> children;
  // (The components run in the worker processes: the test reads the merged metrics, not its logs.)
  REQUIRE(test::eventually([&] {
    return !(children = processes_with(tag)).empty() && cluster.metrics("w").component("sink")->executed > 100;
  }, std::chrono::milliseconds(30000), std::chrono::milliseconds(10)));
  int child = children.front();
  int worker = parent_and_state(child).first;
  auto workers = cluster.worker_pids("w");
  REQUIRE(std::find(workers.begin(), workers.end(), worker) != workers.end());
  REQUIRE(::kill(worker, SIGKILL) == 0);
  CHECK(test::eventually([&] {
    char state = parent_and_state(child).second;
    return state == 0 || state == 'Z';  // gone, or dead and waiting for a reaper
  }, std::chrono::milliseconds(10000)));
  CHECK(cluster.wait_until_complete("w", std::chrono::seconds(90)));
  auto m = cluster.kill_topology("w");
  CHECK(m.worker_restarts >= 1);  // (the killed worker's counters died with it: no count to check)
  CHECK(processes_with(tag).empty());
}

