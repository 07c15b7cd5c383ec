// KafkaSpout with stateful bolts: partition offsets are checkpointed with the state, failures and
// a restart rewind to them, and the counts equal a brute-force count exactly (librdkafka's mock
// cluster, records produced with kcat).
#include <doctest/doctest.h>

#include "squall/connectors/kafka/kafka_spout.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/files.hpp"
#include "support/kafka.hpp"
#include "support/state_components.hpp"

using namespace squall;
using namespace test;
using namespace std::chrono_literals;

TEST_CASE("KafkaSpout's offsets are checkpointed: failed tuples, a failed checkpoint and a restart leave exact counts") {
  kafka::MockCluster cluster(3);
  cluster.create_topic("words", 4);
  constexpr int kRecords = 20000, kDistinct = 10;
  std::vector<std::string> values;
  for (int i = 0; i < kRecords; ++i) values.push_back(fmt::format("{}:{}", i, word_of(i, kDistinct)));  // keyed: spread
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "words", values) == 0);
  REQUIRE(eventually([&] {
    std::int64_t n = 0;
    for (auto end : end_offsets(cluster.bootstrap_servers(), "words", 4)) n += end;
    return n == kRecords;
  }));

  TempDir dir;
  nlohmann::json state{{"dir", (dir.path() / "state").string()}};
  nlohmann::json spout{{"bootstrap.servers", cluster.bootstrap_servers()},
                       {"topics", {"words"}},
                       {"group.id", "g-exact"},
                       {"kafka.properties", {{"log_level", "3"}}}};
  auto counter_log = std::make_shared<CounterLog>();
  auto latest = std::make_shared<LatestValues>();
  auto topology = [&] {
    TopologyBuilder b;
    b.set_spout("kafka", [spout] { return std::make_unique<spouts::KafkaSpout>(ComponentSettings(spout)); }, 2);
    b.set_bolt("flaky", [] { return std::make_unique<FlakyBolt>(3001, std::vector<std::string>{"value"}); }).shuffle_grouping("kafka");
    b.set_bolt("count", [=] { return std::make_unique<WatchedCounter>(counter_log, "value"); }, 2).fields_grouping("flaky", {"value"});
    b.set_bolt("latest", [=] { return std::make_unique<LatestValuesBolt>(latest, std::vector<std::string>{"word"}, "count"); })
        .global_grouping("count");
    return b.create_topology();
  };
  Config c;
  c.set(config_keys::kCheckpointIntervalMs, 50);
  c.set(config_keys::kMaxSpoutPending, 500);
  c.set(config_keys::kStateProvider, std::string("rocksdb"));
  c.set(config_keys::kStateProviderConfig, state.dump());
  c.set(config_keys::kProgressIntervalSecs, 0);

  // The first run fails a checkpoint and some tuples, and is killed mid-stream.
  counter_log->fail_prepare_of = 3;
  {
    LocalCluster local;
    local.submit_topology("exact", c, topology());
    REQUIRE(eventually([&] { return counter_log->executed >= kRecords / 3 && counter_log->rollbacks >= 1; }, 60s));
    local.kill_topology("exact");
  }
  CHECK(counter_log->rollbacks >= 1);
  // The second goes on from the committed offsets and counts.
  auto expected = expected_counts(kRecords, kDistinct);
  LocalCluster local;
  local.submit_topology("exact", c, topology());
  auto show = [](const std::map<std::string, std::int64_t>& m) {
    std::string text;
    for (const auto& [k, v] : m) text += fmt::format("{}={} ", k, v);
    return text;
  };
  CHECK_MESSAGE(eventually([&] { return latest->snapshot() == expected; }, 90s),
                "latest " << show(latest->snapshot()) << "rollbacks " << counter_log->rollbacks);
  // The group's offsets reach the end once a checkpoint holding them commits.
  auto committed = [&] { return committed_offsets(cluster.bootstrap_servers(), "g-exact", "words", 4); };
  auto ends = end_offsets(cluster.bootstrap_servers(), "words", 4);
  auto reached = [&] {  // an empty partition needs no commit
    auto now = committed();
    for (std::size_t p = 0; p < ends.size(); ++p)
      if (ends[p] != 0 && now[p] != ends[p]) return false;
    return true;
  };
  CHECK_MESSAGE(eventually(reached, 30s, 100ms),
                fmt::format("committed [{}], ends [{}]", fmt::join(committed(), ", "), fmt::join(ends, ", ")));
  // Two more checkpoints per counter task: the last one that changed anything is committed.
  auto commits = counter_log->commits.load();
  CHECK(eventually([&] { return counter_log->commits >= commits + 4; }, 30s));
  local.kill_topology("exact");
  INFO("rollbacks " << counter_log->rollbacks << ", commits " << counter_log->commits);
  CHECK(latest->snapshot() == expected);
  // tasks: kafka 1-2, flaky 3, count 4-5, latest 6
  CHECK(stored_counts([&](int task) { return std::make_unique<stores::RocksDbBackend>(state, state::StateScope{"exact", "count", task}); },
                      {4, 5}) == expected);
}
