// Cluster mode end to end: a real ZooKeeper server, `squall nimbus` and three `squall supervisor`
// processes on the loopback hosts 127.0.0.2-4, topologies submitted with `squall submit`.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "squall/cluster/client/nimbus_client.hpp"
#include "squall/cluster/nimbus/nimbus.hpp"
#include "squall/cluster/state/cluster_state.hpp"
#include "squall/cluster/zookeeper/zk_client.hpp"
#include "support/http_get.hpp"
#include "support/processes.hpp"

using namespace std::chrono_literals;

namespace {

/// ZooKeeper, a Nimbus and three supervisors with short timeouts (session 4 s, task timeout 3 s),
/// all in one temp dir with a squall.yaml.
struct TestCluster {
  test::TempDir dir;
  test::ZooKeeperServer zookeeper{dir.path() / "zookeeper"};
  std::string secret;  ///< storm.zookeeper.auth.payload, when the cluster has one
  std::filesystem::path config;
  int nimbus_port = test::free_port();
  int slot_base = test::free_port() / 8 * 8;  // 4 slots; their executors use base + 4k on each host
  std::unique_ptr<test::ChildProcess> nimbus;
  std::vector<std::unique_ptr<test::ChildProcess>> supervisors;

  std::unique_ptr<test::ChildProcess> start_nimbus(int port, const std::string& name) const {
    return std::make_unique<test::ChildProcess>(
        std::vector<std::string>{SQUALL_BINARY, "nimbus", "--config", config.string(), "--port", std::to_string(port),
                                 "--local-dir", (dir.path() / name).string()},
        dir.path() / (name + ".log"));
  }

  explicit TestCluster(std::string cluster_secret = {}) : secret(std::move(cluster_secret)) {
    config = dir.write("squall.yaml",
                       fmt::format("storm.zookeeper.servers: [\"{}\"]\nstorm.zookeeper.session.timeout: 4000\n"
                                   "nimbus.monitor.freq.secs: 0.3\nnimbus.task.timeout.secs: 3\n"
                                   "supervisor.monitor.frequency.secs: 0.3\n{}",
                                   zookeeper.servers(),
                                   secret.empty() ? "" : "storm.zookeeper.auth.payload: \"" + secret + "\"\n"));
    nimbus = start_nimbus(nimbus_port, "nimbus");
    for (int h = 2; h <= 4; ++h)
      supervisors.push_back(std::make_unique<test::ChildProcess>(
          std::vector<std::string>{SQUALL_BINARY, "supervisor", "--config", config.string(), "--host",
                                   fmt::format("127.0.0.{}", h), "--slots",
                                   fmt::format("{}-{}", slot_base, slot_base + 3), "--local-dir",
                                   (dir.path() / fmt::format("supervisor{}", h)).string()},
          dir.path() / fmt::format("supervisor{}.log", h)));
    REQUIRE(test::eventually([&] { return nimbus->log().find("is the leader") != std::string::npos; }, 30s, 50ms));
  }
  ~TestCluster() {
    supervisors.clear();
    nimbus.reset();
  }

  /// Runs `squall ARGS --cluster-config squall.yaml`; returns (exit status, output). A command
  /// that hangs is ended after 60 s (status 124), so the test fails rather than times out.
  std::pair<int, std::string> squall(const std::string& args) const {
    auto out = dir.path() / "client.out";
    std::string command = fmt::format("cd '{}' && timeout -k 5 60 '{}' {} --cluster-config '{}' > '{}' 2>&1", dir.path().string(),
                                      SQUALL_BINARY, args, config.string(), out.string());
    int status = std::system(command.c_str());
    return {WEXITSTATUS(status), test::read_text(out)};
  }
  std::string logs() const {
    std::string all = "--- nimbus\n" + nimbus->log();
    for (std::size_t i = 0; i < supervisors.size(); ++i)
      all += fmt::format("--- supervisor 127.0.0.{}\n{}", i + 2, supervisors[i]->log());
    return all;
  }
};

/// NAME.csv: `rows` rows "i,row-i" under the header "id,payload".
void write_rows_csv(const TestCluster& c, const std::string& name, int rows) {
  std::ostringstream csv;
  csv << "id,payload\n";
  for (int i = 0; i < rows; ++i) csv << i << ",row-" << i << "\n";
  c.dir.write(name + ".csv", csv.str());
}

/// `rows` CSV rows (id,payload) and a topology file: CsvSpout → FileSink over `workers` workers.
/// Data paths are absolute (${topology.dir}): the workers run in the supervisors' folders.
std::string write_rows_topology(const TestCluster& c, const std::string& name, int rows, int workers, int rate) {
  write_rows_csv(c, name, rows);
  c.dir.write(name + ".yaml", fmt::format(R"(name: {0}
config: {{topology.workers: {1}, topology.max.spout.pending: 1000, topology.message.timeout.secs: 10}}
spouts:
  - {{id: rows, className: CsvSpout, config: {{path: "${{topology.dir}}/{0}.csv", types: {{id: int}}, rows.per.second: {2}}}}}
bolts:
  - {{id: sink, className: FileSink, config: {{path: "${{topology.dir}}/{0}.out", header: false}}}}
streams:
  - {{from: rows, to: sink, grouping: {{type: SHUFFLE}}}}
)", name, workers, rate));
  return name + ".yaml";
}

/// (lines, distinct lines) of a file.
std::pair<std::size_t, std::size_t> count_lines(const std::filesystem::path& file) {
  std::istringstream in(test::read_text(file));
  std::set<std::string> distinct;
  std::size_t total = 0;
  for (std::string line; std::getline(in, line);) {
    ++total;
    distinct.insert(line);
  }
  return {total, distinct.size()};
}

/// Submits write_rows_topology(c, name, rows, workers, rate) and waits until `started` rows are
/// written; returns the output file.
std::filesystem::path submit_rows(const TestCluster& c, const std::string& name, int rows, int workers, int rate,
                                  std::size_t started) {
  auto [status, out] = c.squall("submit " + write_rows_topology(c, name, rows, workers, rate));
  INFO(out);
  REQUIRE(status == 0);
  auto output = c.dir.path() / (name + ".out");
  REQUIRE(test::eventually([&] { return count_lines(output).first >= started; }, 60s, 50ms));
  return output;
}

}  // namespace

TEST_CASE("a topology submitted to 3 supervisors spans the 3 hosts, delivers every row, is listed and killed") {
  TestCluster c;
  // CsvSpout → 2 bolts of a plugin → FileSink. The CSV and the plugin are deleted once submitted:
  // they travel with the topology (blobs), and the workers read the supervisors' copies.
  write_rows_csv(c, "spread", 100000);
  std::filesystem::copy_file(PLUGIN_UPPERCASE, c.dir.path() / "libuppercase.so");
  c.dir.write("spread.yaml", R"(name: spread
config: {topology.workers: 3, topology.max.spout.pending: 1000, topology.message.timeout.secs: 10}
plugins: [libuppercase.so]
spouts:
  - {id: rows, className: CsvSpout, config: {path: spread.csv, types: {id: int}}}
bolts:
  - {id: upper, className: com.example.UppercaseBolt, parallelism: 2, config: {field: payload}}
  - {id: again, className: com.example.UppercaseBolt, config: {field: payload}}
  - {id: sink, className: FileSink, config: {path: "${topology.dir}/spread.out", header: false}}
streams:
  - {from: rows, to: upper, grouping: {type: SHUFFLE}}
  - {from: upper, to: again, grouping: {type: SHUFFLE}}
  - {from: again, to: sink, grouping: {type: SHUFFLE}}
)");
  auto [status, out] = c.squall("submit spread.yaml");
  INFO(out);
  REQUIRE(status == 0);
  CHECK(out.find("Submitted topology spread") != std::string::npos);
  std::filesystem::remove(c.dir.path() / "spread.csv");
  std::filesystem::remove(c.dir.path() / "libuppercase.so");
  auto output = c.dir.path() / "spread.out";
  CHECK(test::eventually([&] { return count_lines(output).second == 100000; }, 120s, 100ms));
  auto [total, distinct] = count_lines(output);
  CHECK(distinct == 100000);
  CHECK(total == 100000);
  CHECK(test::read_text(output).find("ROW-99999\n") != std::string::npos);
  auto [list_status, listed] = c.squall("list");
  CHECK(list_status == 0);
  CHECK(listed.find("spread") != std::string::npos);
  CHECK(listed.find("ACTIVE") != std::string::npos);
  for (int h = 2; h <= 4; ++h) CHECK(listed.find(fmt::format("127.0.0.{}:", h)) != std::string::npos);

  // SIGTERM (systemd's stop): the supervisor stops its workers cleanly and exits, in seconds.
  auto& supervisor = *c.supervisors[0];
  int stopped = supervisor.stop(std::chrono::seconds(10));
  CHECK((WIFEXITED(stopped) && WEXITSTATUS(stopped) == 0));
  CHECK(supervisor.log().find("did not stop") == std::string::npos);

  auto [kill_status, killed] = c.squall("kill spread -w 0");
  CHECK(kill_status == 0);
  CHECK(test::eventually([&] { return c.squall("list").second.find("No topologies running") != std::string::npos; },
                         30s, 100ms));
  CHECK(test::eventually([&] { return std::system("pgrep -f 'worker --document .*/spread[.]topology' > /dev/null") != 0; }, 30s, 100ms));
}

TEST_CASE("kill -9 of a supervisor and its workers: its worker is rescheduled on another host, no row lost") {
  // Worker 0 runs the spout (it resumes from its progress, kept in ZooKeeper), worker 2 the acker.
  int victim = 0;
  SUBCASE("the spout's host") { victim = 0; }
  SUBCASE("the acker's host") { victim = 2; }
  TestCluster c;
  auto output = submit_rows(c, "failover", 60000, 3, 6000, 10000);  // 10 s of rows
  // The supervisor that holds the victim goes, with its workers (they die with it).
  std::string placed_as = fmt::format("worker {} → 127.0.0.", victim);
  auto placed = c.nimbus->log();
  auto at = placed.rfind(placed_as);
  REQUIRE(at != std::string::npos);
  int host = placed[at + placed_as.size()] - '0';
  c.supervisors[static_cast<std::size_t>(host - 2)]->signal(SIGKILL);
  auto killed_at = std::chrono::steady_clock::now();
  CHECK(test::eventually([&] {
    auto log = c.nimbus->log();
    auto last = log.rfind(placed_as);
    return last != std::string::npos && last > at && log[last + placed_as.size()] - '0' != host;
  }, 4s + 3s + 5s, 20ms));
  double recovery = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed_at).count();
  MESSAGE(fmt::format("worker {} rescheduled {:.1f} s after the kill (session timeout 4 s + task timeout 3 s)", victim,
                      recovery));
  // The survivors' workers run on (Storm keeps live executors where they are): one host starts
  // the moved worker beside its own, and the links to it reconnect to its new host.
  CHECK(test::eventually([&] {
    int followed = 0;
    for (int h = 2; h <= 4; ++h)
      if (h != host && c.supervisors[static_cast<std::size_t>(h - 2)]->log().find("followed the new assignment") != std::string::npos)
        ++followed;
    return followed == 2;
  }, 10s, 50ms));
  for (int h = 2; h <= 4; ++h) {
    if (h == host) continue;
    auto log = c.supervisors[static_cast<std::size_t>(h - 2)]->log();
    INFO(log);
    CHECK(log.find("stopping workers") == std::string::npos);
  }
  CHECK(test::eventually([&] { return c.logs().find("reconnecting") != std::string::npos; }, 10s, 50ms));
  CHECK(test::eventually([&] { return count_lines(output).second == 60000; }, 120s, 100ms));
  auto [total, distinct] = count_lines(output);
  MESSAGE(fmt::format("{} rows written, {} distinct, {} repeated", total, distinct, total - distinct));
  CHECK(distinct == 60000);
  // What was in flight (max spout pending) and not yet saved as progress, or not yet in ZooKeeper.
  CHECK(total - distinct <= 2 * 1000 + 1064);
}

TEST_CASE("a submit of an invalid topology file is refused with file:line:column before anything runs") {
  TestCluster c;
  c.dir.write("bad.yaml", "name: bad\nspouts:\n  - {id: rows, className: NoSuchSpout}\n");
  auto [status, out] = c.squall("submit bad.yaml");
  CHECK(status == 1);
  CHECK(out.find("bad.yaml:3:") != std::string::npos);
  CHECK(c.squall("list").second.find("No topologies running") != std::string::npos);
}

namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("ZooKeeper stopped for 5 s mid-run: tuples keep flowing, nothing is reassigned or lost, commands work after") {
  TestCluster c;
  auto output = submit_rows(c, "blip", 60000, 3, 4000, 8000);  // 15 s of rows
  auto assigned = occurrences(c.nimbus->log(), "worker 0 →");
  c.zookeeper.stop();
  auto stopped_at = std::chrono::steady_clock::now();
  auto while_down = count_lines(output).first;
  CHECK(test::eventually([&] { return count_lines(output).first >= while_down + 8000; }, 10s, 50ms));  // flowing
  auto [status, refused] = c.squall("list");
  CHECK(status != 0);  // a control command fails, with the reason
  CHECK(refused.find("zookeeper") != std::string::npos);
  std::this_thread::sleep_until(stopped_at + 5s);  // the fault: ZooKeeper stays down 5 s (longer if the checks took longer)
  c.zookeeper.start();
  CHECK(test::eventually([&] { return c.squall("list").first == 0; }, 30s, 200ms));
  CHECK(test::eventually([&] { return count_lines(output).second == 60000; }, 120s, 100ms));
  auto [total, distinct] = count_lines(output);
  CHECK(distinct == 60000);
  CHECK(total == distinct);  // nothing was restarted, so nothing replayed
  CHECK(occurrences(c.nimbus->log(), "worker 0 →") == assigned);  // no reassignment
}

TEST_CASE("the leader Nimbus killed: the topology runs on, a standby takes over and can kill it") {
  TestCluster c;
  auto standby = c.start_nimbus(test::free_port(), "standby");
  REQUIRE(test::eventually([&] { return standby->log().find("up (zookeeper") != std::string::npos; }, 30s, 50ms));
  auto output = submit_rows(c, "lead", 40000, 3, 4000, 5000);
  // The standby copies the topology's blobs from the leader, ready to serve them.
  CHECK(test::eventually([&] { return standby->log().find("holds the blobs of lead-") != std::string::npos; }, 20s, 50ms));
  c.nimbus->signal(SIGKILL);
  CHECK(test::eventually([&] { return standby->log().find("is the leader") != std::string::npos; }, 20s, 50ms));
  CHECK(test::eventually([&] { return count_lines(output).second == 40000; }, 120s, 100ms));
  CHECK(count_lines(output).first == 40000);  // undisturbed: no worker restarted
  // It serves them: a supervisor that needs the topology's files (a moved worker) finds them.
  squall::cluster::ZkClient zk(c.zookeeper.servers(), 4000ms, 10s);
  squall::cluster::ClusterState state(zk, "/squall");
  auto document = state.storm_by_name("lead")->document_blob;
  CHECK_NOTHROW(squall::cluster::NimbusClient(state).get_blob(document));
  auto [kill_status, killed] = c.squall("kill lead -w 0");
  CHECK(kill_status == 0);
  CHECK(test::eventually([&] { return c.squall("list").second.find("No topologies running") != std::string::npos; },
                         30s, 100ms));
}

TEST_CASE("deactivate stops the spouts, activate resumes them; every row arrives once") {
  TestCluster c;
  auto output = submit_rows(c, "pause", 30000, 2, 5000, 3000);
  CHECK(c.squall("deactivate pause").first == 0);
  // Deactivated: once what was in flight is written, the file stops growing.
  std::size_t last = 0;
  CHECK(test::eventually([&] {
    std::size_t now = count_lines(output).first;
    bool still = now == last;
    last = now;
    return still;
  }, 20s, 1000ms));
  CHECK(last < 30000);
  CHECK(c.squall("list").second.find("INACTIVE") != std::string::npos);
  CHECK(c.squall("activate pause").first == 0);
  CHECK(test::eventually([&] { return count_lines(output).second == 30000; }, 60s, 100ms));
  CHECK(count_lines(output).first == 30000);
}

TEST_CASE("SIGSTOP of a supervisor past its session timeout, then SIGCONT: its stale workers stop, rows are not repeated beyond replay") {
  TestCluster c;
  auto output = submit_rows(c, "frozen", 60000, 3, 5000, 8000);  // 12 s of rows
  auto placed = c.nimbus->log();
  auto at = placed.rfind("worker 2 → 127.0.0.");
  REQUIRE(at != std::string::npos);
  int host = placed[at + std::string("worker 2 → 127.0.0.").size()] - '0';
  auto& frozen = *c.supervisors[static_cast<std::size_t>(host - 2)];
  ::kill(frozen.pid(), SIGSTOP);
  // Its workers hear nothing from it and stop within the session timeout (squall.worker.orphan.timeout.secs),
  // before Nimbus gives their slots to another host (session timeout + task timeout).
  auto stale = fmt::format("worker --document {}/supervisor{}/", c.dir.path().string(), host);
  CHECK(test::eventually([&] { return std::system(("pgrep -f '" + stale + "[w]' > /dev/null").c_str()) != 0; }, 8s,
                         50ms));
  std::string moved = "worker 2 → 127.0.0.";
  CHECK(test::eventually([&] {
    auto log = c.nimbus->log();
    auto last = log.rfind(moved);
    return last != std::string::npos && last > at && log[last + moved.size()] - '0' != host;
  }, 20s, 50ms));
  ::kill(frozen.pid(), SIGCONT);
  CHECK(test::eventually([&] { return frozen.log().find("registered again") != std::string::npos; }, 30s, 100ms));
  CHECK(test::eventually([&] { return count_lines(output).second == 60000; }, 120s, 100ms));
  auto [total, distinct] = count_lines(output);
  MESSAGE(fmt::format("{} rows written, {} distinct, {} repeated", total, distinct, total - distinct));
  CHECK(distinct == 60000);
  CHECK(total - distinct <= 2 * 1000 + 1064);
  // Its supervisor may restart a worker that stopped while it slept, but stops it at its next sync,
  // on finding its session expired.
  CHECK(test::eventually([&] { return std::system(("pgrep -f '" + stale + "[w]' > /dev/null").c_str()) != 0; }, 10s,
                         50ms));
}

namespace {

/// (expected, predicted) → count, from the demo's results file (expected,predicted,probability).
std::map<std::pair<std::string, std::string>, int> confusion_matrix(const std::filesystem::path& file) {
  std::map<std::pair<std::string, std::string>, int> m;
  std::istringstream in(test::read_text(file));
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    auto a = line.find(','), b = line.find(',', a + 1);
    ++m[{line.substr(0, a), line.substr(a + 1, b - a - 1)}];
  }
  return m;
}

}  // namespace

TEST_CASE("the H2O demo submitted to the 3-supervisor cluster gives the confusion matrix of `squall run`") {
  TestCluster c;
  auto demo = std::string(SQUALL_SOURCE_DIR) + "/topologies/h2o_prediction.yaml";
  c.dir.write("local.properties", fmt::format("rows.per.second=0\nport=0\noutput={}\n", (c.dir.path() / "local.csv").string()));
  c.dir.write("cluster.properties",
              fmt::format("rows.per.second=0\nport=0\noutput={}\n", (c.dir.path() / "cluster.csv").string()));
  auto local = std::system(fmt::format("cd '{}' && '{}' --log-level warn run '{}' --filter local.properties "
                                       "--stats-interval 0 > local.log 2>&1", c.dir.path().string(), SQUALL_BINARY, demo)
                               .c_str());
  REQUIRE(local == 0);
  auto [status, out] = c.squall(fmt::format("submit '{}' --filter cluster.properties -c topology.workers=3", demo));
  INFO(out);
  REQUIRE(status == 0);
  CHECK(test::eventually([&] { return count_lines(c.dir.path() / "cluster.csv").first == 1001; }, 120s, 100ms));
  auto expected = confusion_matrix(c.dir.path() / "local.csv");
  CHECK(expected[{"cat", "cat"}] + expected[{"dog", "dog"}] == 983);  // the tutorial POJO, the tutorial's rule
  CHECK(confusion_matrix(c.dir.path() / "cluster.csv") == expected);
  auto listed = c.squall("list").second;
  for (int h = 2; h <= 4; ++h) CHECK(listed.find(fmt::format("127.0.0.{}:", h)) != std::string::npos);
}

TEST_CASE("rebalance -n 2 -w 1 moves the executors onto 2 workers; kill -w 3 stops them 3 s later; no row lost") {
  TestCluster c;
  auto output = submit_rows(c, "moving", 30000, 3, 5000, 3000);  // 6 s of rows
  auto [rebalanced, said] = c.squall("rebalance moving -n 2 -w 1");
  CHECK(rebalanced == 0);
  INFO(said);
  CHECK(c.squall("list").second.find("REBALANCING") != std::string::npos);
  // After the wait: two workers, on two hosts, and the status it had (ACTIVE).
  CHECK(test::eventually([&] {
    auto listed = c.squall("list").second;
    return listed.find("ACTIVE") != std::string::npos && listed.find("REBALANCING") == std::string::npos &&
           occurrences(listed, ":" + std::to_string(c.slot_base)) + occurrences(listed, ":" + std::to_string(c.slot_base + 1)) == 2;
  }, 20s, 200ms));
  CHECK(test::eventually([&] { return count_lines(output).second == 30000; }, 60s, 100ms));
  auto [total, distinct] = count_lines(output);
  MESSAGE(fmt::format("rebalanced: {} rows written, {} distinct, {} repeated", total, distinct, total - distinct));
  CHECK(total - distinct <= 2 * 1000 + 1064);

  auto killed_at = std::chrono::steady_clock::now();
  CHECK(c.squall("kill moving -w 3").first == 0);
  CHECK(c.squall("list").second.find("KILLED") != std::string::npos);
  CHECK(test::eventually([&] { return c.squall("list").second.find("No topologies running") != std::string::npos; },
                         30s, 100ms));
  CHECK(std::chrono::steady_clock::now() - killed_at >= 2500ms);  // whole seconds on Nimbus's clock
  auto workers = fmt::format("worker --document {}/", c.dir.path().string());
  CHECK(test::eventually([&] { return std::system(("pgrep -f '" + workers + "[w]' > /dev/null").c_str()) != 0; }, 20s,
                         100ms));
}

TEST_CASE("rebalance -e sink=2 runs a component of 2 tasks on 2 executors; past its tasks or unknown, it is refused") {
  TestCluster c;
  write_rows_csv(c, "grow", 30000);
  c.dir.write("grow.yaml", R"(name: grow
config: {topology.workers: 2, topology.max.spout.pending: 1000, topology.message.timeout.secs: 10}
spouts:
  - {id: rows, className: CsvSpout, config: {path: grow.csv, types: {id: int}, rows.per.second: 5000}}
bolts:
  - {id: sink, className: FileSink, parallelism: 1, numTasks: 2, config: {path: "${topology.dir}/grow.out", header: false}}
streams:
  - {from: rows, to: sink, grouping: {type: SHUFFLE}}
)");
  auto [status, out] = c.squall("submit grow.yaml");
  INFO(out);
  REQUIRE(status == 0);
  squall::cluster::ZkClient zk(c.zookeeper.servers(), 4000ms, 10s);
  squall::cluster::ClusterState state(zk, "/squall");
  int before = state.storm_by_name("grow")->executors;

  auto [too_many, said] = c.squall("rebalance grow -e sink=3 -w 0");
  CHECK(too_many != 0);
  CHECK(said.find("'sink' has 2 tasks, so it runs on 1 to 2 executors") != std::string::npos);
  auto [unknown, said_unknown] = c.squall("rebalance grow -e nosuch=1 -w 0");
  CHECK(unknown != 0);
  CHECK(said_unknown.find("no component 'nosuch'") != std::string::npos);
  auto [malformed, said_malformed] = c.squall("rebalance grow -e sink -w 0");
  CHECK(malformed != 0);
  CHECK(said_malformed.find("COMPONENT=N") != std::string::npos);
  CHECK(state.storm_by_name("grow")->status == squall::cluster::TopologyStatus::active);

  auto [grown, said_grown] = c.squall("rebalance grow -e sink=2 -w 1");
  INFO(said_grown);
  CHECK(grown == 0);
  CHECK(test::eventually([&] {
    auto storm = state.storm_by_name("grow");
    return storm && storm->status == squall::cluster::TopologyStatus::active && storm->executors == before + 1;
  }, 20s, 100ms));
  CHECK(state.storm_by_name("grow")->workers == 2);  // -n not given: as it was
  // Both tasks write their file (grow.out, grow.out.1): every row arrives, replays bounded.
  auto rows = [&] {
    auto [a, a_distinct] = count_lines(c.dir.path() / "grow.out");
    auto [b, b_distinct] = count_lines(c.dir.path() / "grow.out.1");
    return std::pair{a + b, a_distinct + b_distinct};
  };
  CHECK(test::eventually([&] { return rows().second >= 30000; }, 60s, 100ms));
  auto [total, distinct] = rows();
  MESSAGE(fmt::format("rebalanced -e: {} rows written, {} distinct, {} repeated", total, distinct, total - distinct));
  CHECK(total - distinct <= 2 * 1000 + 1064);
}

TEST_CASE("a supervisor of another squall version gets no workers, and Nimbus says why") {
  TestCluster c;
  squall::cluster::ZkClient zk(c.zookeeper.servers(), 4000ms, 10s);
  squall::cluster::ClusterState state(zk, "/squall");
  state.register_supervisor({"127.0.0.5-6700", "127.0.0.5", {6700, 6701, 6702, 6703}, "0.0.1-old", 0});
  auto [status, out] = c.squall("submit " + write_rows_topology(c, "versions", 1000, 4, 0));
  INFO(out);
  REQUIRE(status == 0);
  CHECK(test::eventually([&] { return count_lines(c.dir.path() / "versions.out").second == 1000; }, 60s, 100ms));
  auto log = c.nimbus->log();
  CHECK(log.find("supervisor 127.0.0.5-6700 runs squall 0.0.1-old") != std::string::npos);
  CHECK(log.find("127.0.0.5:") == std::string::npos);  // no slot of it in any assignment
}

TEST_CASE("a task's reported errors reach /errors in ZooKeeper and `squall errors`; each component keeps its last 10") {
  TestCluster c;
  auto file = write_rows_topology(c, "faulty", 100, 2, 0);
  std::ostringstream csv;  // 13 rows whose id is not an int: CsvSpout reports each (file:line)
  csv << "id,payload\n";
  for (int i = 0; i < 100; ++i) csv << (i % 8 == 3 ? "x" + std::to_string(i) : std::to_string(i)) << ",row-" << i << "\n";
  c.dir.write("faulty.csv", csv.str());
  auto [status, out] = c.squall("submit " + file);
  INFO(out);
  REQUIRE(status == 0);
  CHECK(test::eventually([&] { return count_lines(c.dir.path() / "faulty.out").first == 87; }, 60s, 100ms));
  // Each sync publishes the task's errors since the last one (up to the 10 it keeps; several
  // share a millisecond): the last bad row (i = 99, line 101) gets there.
  std::string listed;
  CHECK(test::eventually([&] {
    listed = c.squall("errors faulty").second;
    return listed.find("faulty.csv:101: malformed row") != std::string::npos;
  }, 20s, 200ms));
  INFO(listed);
  CHECK(listed.rfind("rows ", 0) == 0);
  CHECK(c.squall("errors nosuch").first != 0);

  squall::cluster::ZkClient zk(c.zookeeper.servers(), 4000ms, 10s);
  squall::cluster::ClusterState state(zk, "/squall");
  auto id = state.storm_by_name("faulty")->id;
  for (int i = 0; i < 12; ++i) state.add_error(id, "sink", {fmt::format("error {}", i), 1000 + i, "127.0.0.9", 2});
  auto kept = state.errors(id).at("sink");
  REQUIRE(kept.size() == 10);
  CHECK(kept.front().error == "error 2");
  CHECK(kept.back().error == "error 11");
}

TEST_CASE("with a cluster secret, znodes are the cluster's only and Nimbus answers signed requests only") {
  TestCluster c("squall:s3cret");
  auto output = submit_rows(c, "guarded", 2000, 2, 0, 2000);
  CHECK(count_lines(output).second == 2000);
  CHECK(c.squall("list").second.find("guarded") != std::string::npos);

  // Without the secret: ZooKeeper refuses to show the cluster's nodes...
  squall::cluster::ZkClient stranger(c.zookeeper.servers(), 4000ms, 10s);
  CHECK_THROWS_AS(stranger.get("/squall/storms"), squall::cluster::ZooKeeperError);
  // ...and Nimbus, found with the secret, refuses an unsigned or wrongly signed request (401).
  squall::cluster::ZkClient member(c.zookeeper.servers(), 4000ms, 10s, c.secret);
  squall::cluster::ClusterState state(member, "/squall");
  for (std::string key : {"", "squall:guess"}) {
    squall::cluster::NimbusClient client(state, key);
    int refused = 0;
    try {
      client.post("/api/v1/topology/guarded/kill/0");
    } catch (const squall::cluster::NimbusError& e) {
      refused = e.status;
    }
    CHECK(refused == 401);
    CHECK_THROWS_AS(client.get("/api/v1/topology/summary"), squall::cluster::NimbusError);
  }
  CHECK(c.squall("list").second.find("guarded") != std::string::npos);  // still running
  CHECK(c.squall("kill guarded -w 0").first == 0);                       // the signed client may
  CHECK(test::eventually([&] { return c.squall("list").second.find("No topologies running") != std::string::npos; },
                         30s, 100ms));
}

TEST_CASE("squall ui beside Nimbus: Storm UI's REST API and /metrics over the cluster's workers, and its actions") {
  TestCluster c;
  submit_rows(c, "watched", 100000, 2, 500, 100);  // 500 rows a second over 2 workers
  int port = test::free_port();
  std::string url = fmt::format("http://127.0.0.1:{}/", port);
  test::ChildProcess ui({SQUALL_BINARY, "ui", "--config", c.config.string(), "--ui", fmt::format("127.0.0.1:{}", port),
                         "--ui-actions"},
                        c.dir.path() / "ui.log");
  auto get_json = [&](const std::string& path) {
    try {
      return nlohmann::json::parse(test::http_body(test::http_get(url, path)));
    } catch (const std::exception&) {
      return nlohmann::json();
    }
  };
  // The supervisors publish their tasks' metrics at each sync: the sink's executed count grows.
  nlohmann::json topology;
  auto sink_executed = [&] {
    topology = get_json("/api/v1/topology/watched");
    if (!topology.contains("bolts")) return std::uint64_t{0};
    for (const auto& b : topology["bolts"])
      if (b["boltId"] == "sink") return b["executed"].get<std::uint64_t>();
    return std::uint64_t{0};
  };
  REQUIRE(test::eventually([&] { return sink_executed() > 0; }, 60s, 200ms));
  INFO(topology.dump());
  auto first = sink_executed();
  CHECK(test::eventually([&] { return sink_executed() > first; }, 30s, 200ms));
  CHECK(topology["status"] == "ACTIVE");
  CHECK(topology["workersTotal"] == 2);
  CHECK(get_json("/api/v1/topology/watched/visualization")["sink"][":inputs"][0][":component"] == "rows");
  auto rows = get_json("/api/v1/topology/watched/component/rows");
  CHECK(rows["componentType"] == "spout");
  CHECK(rows["executorStats"].size() == 1);
  auto metrics = test::http_body(test::http_get(url, "/metrics"));
  CHECK(metrics.find("squall_tuples_executed_total{topology=\"watched\",component=\"sink\"") != std::string::npos);

  const std::string header = "X-Squall-Token: test\r\n";
  CHECK(test::http_post(url, "/api/v1/topology/watched/deactivate", header).find(" 200 ") != std::string::npos);
  CHECK(test::eventually([&] { return get_json("/api/v1/topology/watched")["status"] == "INACTIVE"; }, 30s, 200ms));
  CHECK(test::http_post(url, "/api/v1/topology/watched/kill/0", header).find(" 200 ") != std::string::npos);
  CHECK(test::eventually([&] { return get_json("/api/v1/topology/summary")["topologies"].empty(); }, 60s, 200ms));
  CHECK(test::http_post(url, "/api/v1/topology/nosuch/kill/0", header).find(" 404 ") != std::string::npos);
}
