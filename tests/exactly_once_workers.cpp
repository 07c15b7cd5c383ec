// Exactly-once state as users meet failures: a CsvSpout (a ReplayableSpout) feeds a stateful
// word counter in two worker processes, its state in RocksDB; a worker is killed with kill -9
// mid-stream (the counter's, with the checkpoint spout; or the spout's, with the acker) and
// restarted; the counts in RocksDB afterwards equal a brute-force count of the file exactly.
// The same with the state in a Redis server the test starts, and when the whole run is killed and
// started again.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "squall/connectors/files/csv_spout.hpp"
#include "squall/stores/redis_backend.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/files.hpp"
#include "support/processes.hpp"
#include "support/state_components.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using namespace squall;

/// Appends a line per tuple to DIR/seen-TASK.txt (one write(2)): how far the run got, read by the
/// test while the workers run.
class ProgressBolt : public BasicBolt {
 public:
  explicit ProgressBolt(fs::path dir) : dir_(std::move(dir)) {}
  void prepare(const TopologyContext& context) override {
    auto file = dir_ / ("seen-" + std::to_string(context.task_id()) + ".txt");
    fd_ = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  }
  void execute(const Tuple&, BasicOutputCollector&) override {
    if (::write(fd_, "x\n", 2) != 2) throw FailedException("short write");
  }
  void cleanup() override { ::close(fd_); }

 private:
  fs::path dir_;
  int fd_ = -1;
};

std::size_t seen_lines(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().filename().string().rfind("seen-", 0) == 0) {
      auto text = test::read_text(entry.path());
      n += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    }
  return n;
}

constexpr int kDistinct = 7;

fs::path write_words(const test::TempDir& dir, int rows) {
  std::string text = "id,word\n";
  for (int i = 0; i < rows; ++i) text += std::to_string(i) + "," + test::word_of(i, kDistinct) + "\n";
  return dir.write("words.csv", text);
}

nlohmann::json state_settings(const test::TempDir& dir) { return {{"dir", (dir.path() / "state").string()}}; }

TopologyBuilder word_count(const fs::path& csv, const fs::path& out) {
  nlohmann::json settings = {{"path", csv.string()}, {"types", {{"id", "int"}}}};
  TopologyBuilder b;
  b.set_spout("rows", [settings] { return std::make_unique<spouts::CsvSpout>(ComponentSettings(settings)); });
  b.set_bolt("count", [] { return std::make_unique<test::WatchedCounter>(std::make_shared<test::CounterLog>()); }).fields_grouping("rows", {"word"});
  b.set_bolt("progress", [out] { return std::make_unique<ProgressBolt>(out); }).shuffle_grouping("count");
  return b;
}

/// The state's provider and its settings.
struct Provider {
  std::string name;
  nlohmann::json settings;
};

Provider rocksdb_in(const test::TempDir& dir) { return {"rocksdb", state_settings(dir)}; }

Config config(const test::TempDir& dir, int workers, const Provider& provider) {
  namespace k = config_keys;
  Config c;
  c.set(k::kWorkers, workers);
  c.set(k::kMessagingIpcDir, (dir.path() / "run").string());
  c.set(k::kMessageTimeoutSecs, 3);
  c.set(k::kMaxSpoutPending, 1000);
  c.set(k::kProgressIntervalSecs, 0);
  // A finite run in several workers ends in a quiet gap between checkpoints two heartbeats long
  // (docs/state.md): the default interval, 1 s.
  c.set(k::kStateProvider, provider.name);
  c.set(k::kStateProviderConfig, provider.settings.dump());
  return c;
}

/// The counts the provider holds for component "count" (task 2: rows is task 1).
std::map<std::string, std::int64_t> stored_counts(const Provider& provider, const std::string& topology) {
  return test::stored_counts(
      [&](int task) -> std::unique_ptr<state::StateBackend> {
        state::StateScope scope{topology, "count", task};
        if (provider.name == "redis")
          return std::make_unique<stores::RedisBackend>(stores::RedisSettings::from_json(provider.settings), scope.name_space());
        return std::make_unique<stores::RocksDbBackend>(provider.settings, scope);
      },
      {2});
}

void run_killing_worker(int victim, const test::TempDir& dir, const Provider& provider) {
  fs::create_directories(dir.path() / "out");
  const int rows = 60000;
  auto csv = write_words(dir, rows);
  LocalCluster cluster;
  cluster.submit_topology("w", config(dir, 2, provider), word_count(csv, dir.path() / "out").create_topology());
  REQUIRE(test::eventually([&] { return seen_lines(dir.path() / "out") >= 20000; }, 60s, 5ms));
  int pid = cluster.worker_pids("w")[static_cast<std::size_t>(victim)];
  REQUIRE(::kill(pid, SIGKILL) == 0);
  REQUIRE(test::eventually([&] {
    int now = cluster.worker_pids("w")[static_cast<std::size_t>(victim)];
    return now != 0 && now != pid;
  }, 60s, 10ms));
  REQUIRE(cluster.wait_until_complete("w", 120s));
  auto m = cluster.kill_topology("w");
  CHECK(m.worker_restarts == 1);
  MESSAGE("tuples the progress bolt saw: " << seen_lines(dir.path() / "out") << " for " << rows << " rows");
  CHECK(stored_counts(provider, "w") == test::expected_counts(rows, kDistinct));
}

}  // namespace

TEST_CASE("exactly-once: kill -9 of the counter's worker (with the checkpoint spout); the stored counts are exact") {
  test::TempDir dir;
  run_killing_worker(1, dir, rocksdb_in(dir));  // executors alternate: rows, progress, acker in worker 0; count, $checkpointspout in 1
}

TEST_CASE("exactly-once: kill -9 of the spout's worker (with the acker); the stored counts are exact") {
  test::TempDir dir;
  run_killing_worker(0, dir, rocksdb_in(dir));
}

TEST_CASE("exactly-once: kill -9 of the counter's worker, the state in Redis; the stored counts are exact") {
  test::TempDir dir;
  test::RedisServer redis(dir.path() / "redis");
  run_killing_worker(1, dir, {"redis", {{"jedisPoolConfig", {{"host", "127.0.0.1"}, {"port", redis.port()}}}}});
}

TEST_CASE("exactly-once: the whole run killed and started again goes on to exact counts") {
  test::TempDir dir;
  fs::create_directories(dir.path() / "out");
  const int rows = 60000;
  auto csv = write_words(dir, rows);
  {
    LocalCluster cluster;
    cluster.submit_topology("again", config(dir, 2, rocksdb_in(dir)), word_count(csv, dir.path() / "out").create_topology());
    REQUIRE(test::eventually([&] { return seen_lines(dir.path() / "out") >= 20000; }, 60s, 5ms));
    for (int pid : cluster.worker_pids("again")) ::kill(pid, SIGKILL);  // as a machine losing power would
    cluster.kill_topology("again");
  }
  LocalCluster cluster;
  cluster.submit_topology("again", config(dir, 2, rocksdb_in(dir)), word_count(csv, dir.path() / "out").create_topology());
  REQUIRE(cluster.wait_until_complete("again", 120s));
  cluster.kill_topology("again");
  CHECK(stored_counts(rocksdb_in(dir), "again") == test::expected_counts(rows, kDistinct));
}

