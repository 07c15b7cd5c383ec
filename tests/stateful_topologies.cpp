// Stateful bolts in running topologies (Storm's State-checkpointing): counts in checkpointed
// state are exact after a finite run, a failed checkpoint rolls back and replays without double
// counting, acks wait for COMMIT, state in RocksDB and Redis outlives the run, and Storm's Flux
// stateful word count runs unchanged.

#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/runtime/plan/execution_plan.hpp"
#include "squall/stores/redis_backend.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/capture_bolt.hpp"
#include "support/processes.hpp"
#include "support/state_components.hpp"

using namespace squall;
using namespace test;

namespace {

struct Run {
  std::shared_ptr<SpoutLog> spout = std::make_shared<SpoutLog>();
  std::shared_ptr<CounterLog> counter = std::make_shared<CounterLog>();
  std::shared_ptr<CaptureLog> captured = std::make_shared<CaptureLog>();

  /// words -> count (2 tasks) -> capture (`captures` tasks: with 2, each is chained to a count
  /// task). `rewinding`: a ReplayableSpout, which makes the state exactly-once.
  TopologyBuilder builder(std::int64_t tuples, int distinct, int captures = 1, bool rewinding = false) const {
    TopologyBuilder b;
    if (rewinding)
      b.set_spout("words", [log = spout, tuples, distinct] { return std::make_unique<RewindingWordSpout>(log, tuples, distinct); });
    else
      b.set_spout("words", [log = spout, tuples, distinct] { return std::make_unique<WordSpout>(log, tuples, distinct); });
    b.set_bolt("count", [log = counter] { return std::make_unique<WatchedCounter>(log); }, 2)
        .fields_grouping("words", {"word"});
    b.set_bolt("capture", [log = captured] { return std::make_unique<CaptureBolt>(log); }, captures)
        .shuffle_grouping("count");
    return b;
  }
  /// The highest count the counter emitted per word.
  std::map<std::string, std::int64_t> highest_counts() const {
    std::map<std::string, std::int64_t> highest;
    for (const auto& t : captured->on("default"))
      highest[t.values[0].as_string()] = std::max(highest[t.values[0].as_string()], t.values[1].as_int());
    return highest;
  }
};

Config state_config(const std::string& provider, const nlohmann::json& settings = nlohmann::json::object()) {
  Config c;
  c.set(config_keys::kCheckpointIntervalMs, 20);
  c.set(config_keys::kStateProvider, provider);
  c.set(config_keys::kStateProviderConfig, settings.dump());
  return c;
}

}  // namespace

TEST_CASE("a stateful word count is exact and checkpoints as it goes") {
  Run run;
  bool completed = false;
  auto metrics = run_until_complete(run.builder(3000, 10), state_config("memory"), std::chrono::seconds(120), &completed);
  REQUIRE(completed);
  CHECK(run.highest_counts() == expected_counts(3000, 10));
  CHECK(run.spout->distinct_acked() == 3000);
  CHECK(run.spout->total_fails() == 0);
  CHECK(run.counter->commits >= 2);  // both tasks committed at least once
  // The checkpoint spout is the runtime's own component, with its stream to every bolt.
  REQUIRE(metrics.component("$checkpointspout"));
  CHECK(metrics.component("$checkpointspout")->failed == 0);
}

TEST_CASE("a bolt chained to a stateful bolt gets its checkpoints in line, and the counts stay exact") {
  for (bool rewinding : {false, true}) {
    CAPTURE(rewinding);
    Run run;
    auto builder = run.builder(3000, 10, 2, rewinding);
    runtime::ExecutionPlan plan("t", state_config("memory"), builder.create_topology());
    for (const auto& e : plan.executors())  // capture's executors run on count's threads
      if (e.component && e.component->id == "capture") {
        REQUIRE(e.chain_parent >= 0);
        CHECK(plan.executors()[static_cast<std::size_t>(e.chain_parent)].component->id == "count");
      }
    bool completed = false;
    run_until_complete(builder, state_config("memory"), std::chrono::seconds(120), &completed);
    REQUIRE(completed);  // each capture task waits for the checkpoint copies of one count task
    CHECK(run.highest_counts() == expected_counts(3000, 10));
    CHECK(run.counter->commits >= 2);
  }
}

TEST_CASE("a failed checkpoint rolls the state back and the replay counts each word once") {
  Run run;
  run.counter->fail_prepare_of = 3;
  // Acks wait for a COMMIT, so max spout pending spreads the run over many checkpoints: the third
  // fails mid-stream, with committed state behind it and tuples ahead.
  auto config = state_config("memory");
  config.set(config_keys::kMaxSpoutPending, 200);
  bool completed = false;
  run_until_complete(run.builder(3000, 10), config, std::chrono::seconds(120), &completed);
  REQUIRE(completed);
  CHECK(run.counter->rollbacks >= 1);
  CHECK(run.counter->commits >= 2 * 4);  // both tasks, on each side of the failure
  CHECK(run.spout->total_fails() > 0);  // what the rolled-back checkpoint held was replayed
  CHECK(run.highest_counts() == expected_counts(3000, 10));
  CHECK(run.spout->distinct_acked() == 3000);
}

TEST_CASE("inputs are acked only once their checkpoint commits") {
  Run run;
  auto config = state_config("memory");
  config.set(config_keys::kCheckpointIntervalMs, 3'600'000);  // INITSTATE only: no commit within the test
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("held", config, run.builder(100, 10).create_topology());
  REQUIRE(eventually([&] { return run.counter->executed == 100 && run.captured->on("default").size() == 100; }));
  CHECK(run.spout->distinct_acked() == 0);
  CHECK(run.spout->total_fails() == 0);
  cluster.kill_topology("held");
}

TEST_CASE("a topology with stateful bolts needs acking and a known provider") {
  Run run;
  LocalCluster cluster;
  auto no_acker = state_config("memory");
  no_acker.set(config_keys::kAckerExecutors, 0);
  CHECK_THROWS_WITH_AS(cluster.submit_topology("a", no_acker, run.builder(10, 2).create_topology()),
                       doctest::Contains("topology.acker.executors"), TopologyError);
  CHECK_THROWS_WITH_AS(cluster.submit_topology("b", state_config("mongo"), run.builder(10, 2).create_topology()),
                       doctest::Contains("unknown state provider 'mongo'"), TopologyError);
  auto bad_json = state_config("rocksdb");
  bad_json.set(config_keys::kStateProviderConfig, std::string("{dir:"));
  CHECK_THROWS_WITH_AS(cluster.submit_topology("c", bad_json, run.builder(10, 2).create_topology()),
                       doctest::Contains("topology.state.provider.config"), TopologyError);
}

TEST_CASE("state in RocksDB outlives the run: a second run goes on from the first's counts") {
  TempDir dir;
  nlohmann::json settings{{"dir", (dir.path() / "state").string()}};
  for (int round = 1; round <= 2; ++round) {
    Run run;
    bool completed = false;
    run_until_complete(run.builder(1000, 10), state_config("rocksdb", settings), std::chrono::seconds(120), &completed);
    REQUIRE(completed);
    CHECK(run.highest_counts() == expected_counts(1000 * round, 10));
  }
  // Tasks 2 and 3 are "count"'s (task 1 is the spout's).
  auto stored = stored_counts(
      [&](int task) {
        return std::make_unique<stores::RocksDbBackend>(settings, state::StateScope{"test", "count", task});
      },
      {2, 3});
  CHECK(stored == expected_counts(2000, 10));
}

TEST_CASE("Storm's Flux stateful word count runs unchanged, its state in Redis") {
  TempDir dir;
  RedisServer redis(dir.path() / "redis");
  auto loaded = load_topology_file(SQUALL_SOURCE_DIR "/topologies/stateful_word_count.yaml");
  // Storm's example names the Redis provider and its jedisPoolConfig; point it at the test's server.
  CHECK(loaded.config.get(config_keys::kStateProvider) == "org.apache.storm.redis.state.RedisKeyValueStateProvider");
  auto settings = nlohmann::json::parse(loaded.config.get(config_keys::kStateProviderConfig));
  settings["jedisPoolConfig"]["port"] = redis.port();
  settings["jedisPoolConfig"]["host"] = "127.0.0.1";
  loaded.config.set(config_keys::kStateProviderConfig, settings.dump());
  loaded.config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(60)));
  auto metrics = cluster.kill_topology(loaded.name);
  CHECK(metrics.component("spout-1")->acked == 8);
  auto redis_settings = stores::RedisSettings::from_json(settings);
  auto stored = stored_counts(
      [&](int task) {
        return std::make_unique<stores::RedisBackend>(
            redis_settings, state::StateScope{loaded.name, "bolt-1", task}.name_space());
      },
      {2});
  CHECK(stored == std::map<std::string, std::int64_t>{
                      {"nathan", 3}, {"mike", 2}, {"jackson", 1}, {"golda", 1}, {"bertels", 1}});
}

TEST_CASE("a Redis still down when the topology starts delays the state, and nothing is lost") {
  TempDir dir;
  RedisServer redis(dir.path() / "redis");
  redis.stop();
  Run run;
  auto config = state_config("redis", nlohmann::json{{"port", redis.port()}});
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("late-redis", config, run.builder(500, 5).create_topology());
  // Inputs wait for INITSTATE, which waits for the store: nothing is counted, nothing acked.
  REQUIRE(eventually([&] { return run.spout->emitted >= 500; }));
  CHECK(run.counter->executed == 0);
  CHECK(run.spout->distinct_acked() == 0);
  redis.start();
  REQUIRE(cluster.wait_until_complete("late-redis", std::chrono::seconds(60)));
  cluster.kill_topology("late-redis");
  CHECK(run.highest_counts() == expected_counts(500, 5));
  CHECK(run.spout->distinct_acked() == 500);
}
