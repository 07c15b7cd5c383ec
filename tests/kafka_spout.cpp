// KafkaSpout and KafkaBolt against a real Kafka protocol endpoint (librdkafka's mock cluster),
// with records produced by squall's own KafkaBolt and by kcat.
#include <fstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/connectors/kafka/kafka_bolt.hpp"
#include "squall/connectors/kafka/kafka_spout.hpp"
#include "support/example_topologies.hpp"
#include "support/kafka.hpp"
#include "support/test_components.hpp"

using namespace squall;
using namespace test;
using namespace std::chrono_literals;

namespace {

struct Consumer {
  nlohmann::json settings;
  std::shared_ptr<RecordLog> log = std::make_shared<RecordLog>();
  RecordingBolt::Pick fail_first, fail_always;
  std::chrono::microseconds work{};

  TopologyBuilder topology() const {
    TopologyBuilder b;
    auto s = settings;
    b.set_spout("kafka", [s] { return std::make_unique<spouts::KafkaSpout>(ComponentSettings(s)); });
    auto log_ = log;
    auto ff = fail_first, fa = fail_always;
    auto w = work;
    b.set_bolt("record", [log_, ff, fa, w] { return std::make_unique<RecordingBolt>(log_, ff, fa, w); })
        .shuffle_grouping("kafka")
        .shuffle_grouping("kafka", "errors")
        .shuffle_grouping("kafka", "dead_letter");
    return b;
  }
};

nlohmann::json spout_settings(const kafka::MockCluster& cluster, const std::string& topic, const std::string& group) {
  return {{"bootstrap.servers", cluster.bootstrap_servers()},
          {"topics", {topic}},
          {"group.id", group},
          {"offset.commit.period.ms", 50},
                    // Quick group changes: the mock cluster waits up to a session timeout for a rebalance.
          {"kafka.properties", {{"log_level", "3"}, {"heartbeat.interval.ms", "100"}, {"session.timeout.ms", "6000"}}}};
}

Config quiet_config(std::int64_t max_spout_pending = 0) {
  Config c;
  c.set(config_keys::kProgressIntervalSecs, 0);
  if (max_spout_pending > 0) c.set(config_keys::kMaxSpoutPending, max_spout_pending);
  return c;
}

std::int64_t sum(const std::vector<std::int64_t>& v) {
  std::int64_t s = 0;
  for (auto x : v) s += x;
  return s;
}

std::vector<std::string> keyed_lines(const std::string& prefix, int count) {
  std::vector<std::string> lines;
  for (int i = 0; i < count; ++i) lines.push_back(fmt::format("k{}:{}{}", i, prefix, i));
  return lines;
}

// Produces `count` records (key = id, value = JSON of id and payload) through a KafkaBolt topology.
void produce_with_kafka_bolt(const kafka::MockCluster& cluster, const std::string& topic, int count,
                             std::shared_ptr<SpoutLog> spout_log = std::make_shared<SpoutLog>(), bool* completed = nullptr,
                             std::chrono::seconds limit = 60s, const std::string& message_timeout_ms = "300000") {
  nlohmann::json s = {{"bootstrap.servers", cluster.bootstrap_servers()}, {"topic", topic}, {"key.field", "id"},
                      {"kafka.properties", {{"log_level", "3"}, {"message.timeout.ms", message_timeout_ms}}}};
  TopologyBuilder b;
  b.set_spout("numbers", [spout_log, count] { return std::make_unique<CountingSpout>(spout_log, count); });
  b.set_bolt("to-kafka", [s] { return std::make_unique<bolts::KafkaBolt>(ComponentSettings(s)); }).shuffle_grouping("numbers");
  run_until_complete(b, quiet_config(), limit, completed);
}

// Every partition's committed offset is its end offset (an empty partition needs no commit).
bool committed_reach_end(const kafka::MockCluster& cluster, const std::string& group, const std::string& topic, int partitions) {
  auto committed = committed_offsets(cluster.bootstrap_servers(), group, topic, partitions);
  auto end = end_offsets(cluster.bootstrap_servers(), topic, partitions);
  for (std::size_t p = 0; p < end.size(); ++p)
    if (end[p] != 0 && committed[p] != end[p]) return false;
  return true;
}

}  // namespace

TEST_CASE("KafkaSpout at_least_once: 10,000 records from KafkaBolt, every 7th failed once: all processed, commits reach the end") {
  kafka::MockCluster cluster(3);
  cluster.create_topic("events", 4);
  bool produced = false;
  auto producer_log = std::make_shared<SpoutLog>();
  produce_with_kafka_bolt(cluster, "events", 10000, producer_log, &produced);
  REQUIRE(produced);
  REQUIRE(producer_log->distinct_acked() == 10000);
  REQUIRE(sum(end_offsets(cluster.bootstrap_servers(), "events", 4)) == 10000);

  Consumer c{spout_settings(cluster, "events", "g-events")};
  c.fail_first = [](std::int64_t offset) { return offset % 7 == 0; };
  LocalCluster local;
  local.submit_topology("consume", quiet_config(), c.topology().create_topology());
  REQUIRE(eventually([&] { return c.log->distinct() == 10000; }, 60s));
  CHECK(eventually([&] { return committed_reach_end(cluster, "g-events", "events", 4); }, 30s, 100ms));
  auto metrics = local.kill_topology("consume");
  CHECK(c.log->total() == 10000);  // each record succeeded once; the failed ones on their replay
  // Key and value are what KafkaBolt wrote: key = id, value = the tuple as JSON.
  std::set<std::int64_t> ids;
  for (auto& [where, values] : c.log->values) {
    auto value = nlohmann::json::parse(values[4].as_string());
    CHECK(values[3].as_string() == std::to_string(value["id"].get<std::int64_t>()));
    CHECK(value["payload"].is_string());
    ids.insert(value["id"].get<std::int64_t>());
  }
  CHECK(ids.size() == 10000);
}

TEST_CASE("KafkaSpout killed halfway and restarted resumes at the committed offset: nothing lost, duplicates bounded by max spout pending") {
  kafka::MockCluster cluster;
  cluster.create_topic("restart", 3);
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "restart", keyed_lines("v", 10000)) == 0);
  REQUIRE(sum(end_offsets(cluster.bootstrap_servers(), "restart", 3)) == 10000);
  Consumer c{spout_settings(cluster, "restart", "g-restart")};
  std::size_t first_run = 0;
  {
    LocalCluster local;
    local.submit_topology("consume", quiet_config(300), c.topology().create_topology());
    REQUIRE(eventually([&] { return c.log->distinct() >= 4000; }, 60s));
    local.kill_topology("consume");  // no drain: up to 300 records in flight
    first_run = c.log->total();
  }
  CHECK(first_run < 10000);
  {
    LocalCluster local;
    local.submit_topology("consume", quiet_config(300), c.topology().create_topology());
    REQUIRE(eventually([&] { return c.log->distinct() == 10000; }, 60s));
    CHECK(eventually([&] { return committed_reach_end(cluster, "g-restart", "restart", 3); }, 30s, 100ms));
    local.kill_topology("consume");
  }
  auto duplicates = c.log->total() - c.log->distinct();
  MESSAGE("first run " << first_run << " records; duplicates after the restart: " << duplicates);
  CHECK(duplicates <= 300);
  // kcat's keys and values arrived intact.
  for (auto& [where, values] : c.log->values) {
    // "kN" was sent with value "vN".
    const auto& key = values[3].as_string();
    const auto& value = values[4].as_string();
    CHECK(key.starts_with('k'));
    CHECK(value.starts_with('v'));
    CHECK(std::string_view(key).substr(1) == std::string_view(value).substr(1));
  }
}

TEST_CASE("Brokers down for seconds, then back: KafkaBolt fails undelivered inputs (replayed), KafkaSpout loses nothing") {
  kafka::MockCluster cluster;
  cluster.create_topic("outage", 2);
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "outage", keyed_lines("before", 3000)) == 0);
  Consumer c{spout_settings(cluster, "outage", "g-outage")};
  LocalCluster local;
  local.submit_topology("consume", quiet_config(), c.topology().create_topology());
  REQUIRE(eventually([&] { return c.log->distinct() == 3000; }, 60s));
  REQUIRE(eventually([&] { return committed_reach_end(cluster, "g-outage", "outage", 2); }, 30s, 100ms));

  cluster.set_brokers_down(true);
  auto producer_log = std::make_shared<SpoutLog>();
  bool produced = false;
  // Records not delivered within 1 s fail their inputs; CountingSpout replays them.
  std::thread producer([&] { produce_with_kafka_bolt(cluster, "outage", 3000, producer_log, &produced, 120s, "1000"); });
  // The outage itself is the scenario: it lasts 3 s whatever happens meanwhile.
  std::this_thread::sleep_for(3s);
  CHECK(producer_log->distinct_acked() == 0);  // no input acked before the broker had it
  CHECK(producer_log->total_fails() > 0);      // delivery errors failed inputs
  CHECK(c.log->distinct() == 3000);
  cluster.set_brokers_down(false);
  producer.join();
  CHECK(produced);
  CHECK(producer_log->distinct_acked() == 3000);
  auto everything = [&] {
    auto end = sum(end_offsets(cluster.bootstrap_servers(), "outage", 2));
    return end >= 6000 && c.log->distinct() == static_cast<std::size_t>(end);
  };
  REQUIRE(eventually(everything, 60s, 100ms));
  CHECK(eventually([&] { return committed_reach_end(cluster, "g-outage", "outage", 2); }, 60s, 100ms));
  local.kill_topology("consume");
  std::set<std::string> ids;
  {
    std::lock_guard l(c.log->mutex);
    for (auto& [where, values] : c.log->values)
      if (values[3].as_string()[0] != 'k') ids.insert(values[3].as_string());
  }
  CHECK(ids.size() == 3000);  // every id KafkaBolt wrote, from all the tuples it failed and got again
}

TEST_CASE("at_most_once and no_guarantee: failed tuples are not replayed, a restart repeats nothing (at_most_once), commits reach the end") {
  for (std::string guarantee : {"at_most_once", "no_guarantee"}) {
    CAPTURE(guarantee);
    kafka::MockCluster cluster;
    cluster.create_topic("amo", 2);
    REQUIRE(kcat_produce(cluster.bootstrap_servers(), "amo", keyed_lines("v", 4000)) == 0);
    auto ends = end_offsets(cluster.bootstrap_servers(), "amo", 2);
    std::size_t sevenths = 0;
    for (auto end : ends) sevenths += static_cast<std::size_t>((end + 6) / 7);
    Consumer c{spout_settings(cluster, "amo", "g-amo")};
    c.settings["processing.guarantee"] = guarantee;
    c.settings["poll.max.records"] = 50;
    c.fail_first = [](std::int64_t offset) { return offset % 7 == 0; };
    if (guarantee == "at_most_once") {
      LocalCluster local;
      local.submit_topology("consume", quiet_config(), c.topology().create_topology());
      REQUIRE(eventually([&] { return c.log->distinct() >= 1000; }, 60s));
      local.kill_topology("consume");
    }
    LocalCluster local;
    local.submit_topology("consume", quiet_config(), c.topology().create_topology());
    // Committed to the end and every emitted tuple executed by the bolt: nothing more can come.
    auto drained = [&] {
      if (!committed_reach_end(cluster, "g-amo", "amo", 2)) return false;
      auto m = local.metrics("consume");
      return m.component("kafka")->emitted == m.component("record")->executed;
    };
    bool ok = eventually(drained, 60s, 100ms);
    if (!ok) {
      auto m = local.metrics("consume");
      MESSAGE("committed " << fmt::format("{}", fmt::join(committed_offsets(cluster.bootstrap_servers(), "g-amo", "amo", 2), ",")) << " end "
              << fmt::format("{}", fmt::join(ends, ",")) << " emitted " << m.component("kafka")->emitted << " executed "
              << m.component("record")->executed << " distinct " << c.log->distinct());
    }
    REQUIRE(ok);
    local.kill_topology("consume");
    CHECK(c.log->total() == c.log->distinct());  // nothing delivered twice, not even across the restart
    if (guarantee == "no_guarantee") CHECK(c.log->distinct() == 4000 - sevenths);  // the failed ones are gone
    else CHECK(c.log->distinct() <= 4000 - sevenths);
  }
}

TEST_CASE("KafkaSpout CSV values: typed fields, malformed values to errors with location, exhausted retries to dead_letter") {
  kafka::MockCluster cluster;
  cluster.create_topic("csv", 1);
  std::vector<std::string> lines;
  for (int i = 0; i < 100; ++i) lines.push_back(fmt::format("k{}:{},{}.5", i, i, i));
  lines[10] = "k10:ten,1.5";   // not an int
  lines[20] = "k20:20";        // one field
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "csv", lines) == 0);
  Consumer c{spout_settings(cluster, "csv", "g-csv")};
  c.settings["value.format"] = "csv";
  c.settings["value.fields"] = {"n", "x"};
  c.settings["value.types"] = {{"n", "int"}, {"x", "double"}};
  c.settings["retry.max.retries"] = 2;
  c.fail_always = [](std::int64_t offset) { return offset == 42; };
  LocalCluster local;
  local.submit_topology("consume", quiet_config(), c.topology().create_topology());
  REQUIRE(eventually([&] { return c.log->distinct() == 97 && c.log->on("errors") == 2 && c.log->on("dead_letter") == 1; }, 60s));
  CHECK(eventually([&] { return committed_reach_end(cluster, "g-csv", "csv", 1); }, 30s, 100ms));  // given-up records count as done
  local.kill_topology("consume");
  {
    std::lock_guard l(c.log->mutex);
    auto& v = c.log->values.at("csv/0@7");
    CHECK(v[4].as_int() == 7);
    CHECK(v[5].as_double() == 7.5);
    CHECK(v[6].as_int() > 1'700'000'000'000);  // the record's timestamp, ms since the epoch
    auto& errors = c.log->streams["errors"];
    std::map<std::string, std::string> reasons;
    for (auto& e : errors) reasons[e[2].as_string()] = e[0].as_string();
    CHECK(reasons["csv/0@10"] == "field 'n': 'ten' is not an integer");
    CHECK(reasons["csv/0@20"] == "1 CSV fields, expected 2");
    auto& dead = c.log->streams["dead_letter"].at(0);
    CHECK(dead[2].as_int() == 42);
    CHECK(dead[7].as_int() == 3);  // the first delivery and two retries
  }
}

TEST_CASE("max.uncommitted.offsets: a partition does not run ahead of a stuck record by more than the cap") {
  kafka::MockCluster cluster;
  cluster.create_topic("capped", 1);
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "capped", keyed_lines("v", 300)) == 0);
  Consumer c{spout_settings(cluster, "capped", "g-capped")};
  c.settings["max.uncommitted.offsets"] = 50;
  c.settings["retry.max.retries"] = 2;
  c.settings["retry.initial.delay.ms"] = 50;
  c.fail_always = [](std::int64_t offset) { return offset == 10; };
  LocalCluster local;
  local.submit_topology("consume", quiet_config(), c.topology().create_topology());
  REQUIRE(eventually([&] { return c.log->distinct() == 299 && c.log->on("dead_letter") == 1; }, 60s));
  CHECK(eventually([&] { return committed_reach_end(cluster, "g-capped", "capped", 1); }, 30s, 100ms));
  local.kill_topology("consume");
  // Until offset 10 was given up, offsets 10..59 at most were out: the commit point stayed at 10.
  std::int64_t highest_before = -1;
  std::lock_guard l(c.log->mutex);
  for (auto& [stream, offset] : c.log->arrivals) {
    if (stream == "dead_letter") break;
    highest_before = std::max(highest_before, offset);
  }
  CHECK(highest_before == 59);
}

TEST_CASE("KafkaSpout's lag gauge per partition: the high watermark minus the commit point") {
  kafka::MockCluster cluster;
  cluster.create_topic("lagging", 1);
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "lagging", keyed_lines("v", 300)) == 0);
  Consumer c{spout_settings(cluster, "lagging", "g-lagging")};
  c.settings["max.uncommitted.offsets"] = 50;
  c.settings["retry.max.retries"] = 100;
  c.settings["retry.initial.delay.ms"] = 600000;
  c.fail_always = [](std::int64_t offset) { return offset == 0; };  // the commit point stays at 0
  LocalCluster local;
  local.submit_topology("consume", quiet_config(), c.topology().create_topology());
  auto lag = [&] {
    auto m = local.metrics("consume");
    const UserMetric* gauge = m.component("kafka") ? m.component("kafka")->user_metric("kafka_lag.lagging.0") : nullptr;
    return gauge ? gauge->value : -1.0;
  };
  CHECK(eventually([&] { return lag() == 300; }, 30s, 100ms));
  CHECK(lag() == 300);
  local.kill_topology("consume");
}

TEST_CASE("A second consumer joins the group mid-stream: partitions are rebalanced, nothing is lost") {
  kafka::MockCluster cluster;
  cluster.create_topic("shared", 4);
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "shared", keyed_lines("v", 4000)) == 0);
  Consumer a{spout_settings(cluster, "shared", "g-shared")}, b{a.settings};
  b.log = a.log;
  a.work = b.work = 1ms;  // slow consumers: the second joins while the first is mid-stream
  LocalCluster local;
  local.submit_topology("a", quiet_config(20), a.topology().create_topology());
  REQUIRE(eventually([&] { return a.log->distinct() >= 200; }, 60s));
  local.submit_topology("b", quiet_config(20), b.topology().create_topology());
  REQUIRE(eventually([&] { return a.log->distinct() == 4000; }, 120s));
  CHECK(eventually([&] { return committed_reach_end(cluster, "g-shared", "shared", 4); }, 30s, 100ms));
  auto ma = local.kill_topology("a");
  auto mb = local.kill_topology("b");
  CHECK(mb.component("record")->executed > 0);  // b took partitions over
  // Offsets acked after the last successful commit are read again by the new owner (the mock
  // cluster, like Kafka, refuses commits while the group rebalances): duplicates, never loss.
  MESSAGE("a executed " << ma.component("record")->executed << ", b executed " << mb.component("record")->executed
                        << ", duplicates " << a.log->total() - a.log->distinct());
}

TEST_CASE("Example Kafka -> prediction -> Kafka: every live_data row comes back as a labelled prediction") {
  kafka::MockCluster cluster;
  cluster.create_topic("animals", 4);
  cluster.create_topic("predictions", 1);
  std::vector<std::string> rows;
  std::ifstream in(std::string(SQUALL_SOURCE_DIR) + "/examples/h2o_demo/data/live_data.csv");
  for (std::string line; std::getline(in, line);) rows.push_back(line);
  rows.push_back("cat,not-a-number,Grey");  // malformed: reaches the errors stream, not a prediction
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "animals", rows, /*keyed=*/false) == 0);
  auto loaded = load_example("h2o_prediction_kafka.yaml", {{"bootstrap.servers", cluster.bootstrap_servers()}});
  LocalCluster local;
  local.submit_topology(loaded.name, loaded.config, std::move(loaded.topology));
  auto produced = [&] { return sum(end_offsets(cluster.bootstrap_servers(), "predictions", 1)) == 1000; };
  REQUIRE(eventually(produced, 60s, 100ms));
  bool committed = eventually([&] { return committed_reach_end(cluster, "squall-h2o-prediction", "animals", 4); }, 30s, 100ms);
  if (!committed)
    MESSAGE("committed " << fmt::format("{}", fmt::join(committed_offsets(cluster.bootstrap_servers(), "squall-h2o-prediction", "animals", 4), ","))
                         << " end " << fmt::format("{}", fmt::join(end_offsets(cluster.bootstrap_servers(), "animals", 4), ","))
                         << " pending " << local.metrics(loaded.name).pending);
  CHECK(committed);
  auto metrics = local.kill_topology(loaded.name);
  CHECK(metrics.component("bad-records")->executed == 1);
  auto predictions = kcat_consume(cluster.bootstrap_servers(), "predictions");
  REQUIRE(predictions.size() == 1000);
  int correct = 0;
  for (const auto& p : predictions) {
    auto j = nlohmann::json::parse(p);
    correct += j["expected"] == j["predicted"];
  }
  CHECK(correct >= 980);  // the demo model's accuracy on live_data.csv (in-sample) is >= 0.98
}

TEST_CASE("Stopping with the brokers down and offsets waiting to be committed ends within the drain + 5 s") {
  kafka::MockCluster cluster;
  cluster.create_topic("stuck", 2);
  REQUIRE(kcat_produce(cluster.bootstrap_servers(), "stuck", keyed_lines("r", 2000)) == 0);
  auto settings = spout_settings(cluster, "stuck", "g-stuck");
  settings["offset.commit.period.ms"] = 600000;  // nothing committed before the stop
  Consumer c{settings};
  LocalCluster local;
  local.submit_topology("stuck", quiet_config(), c.topology().create_topology());
  REQUIRE(eventually([&] { return c.log->distinct() == 2000; }, 60s));
  cluster.set_brokers_down(true);
  auto start = std::chrono::steady_clock::now();
  local.kill_topology("stuck", 1s);  // Ctrl-C with --drain 1
  auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("stopped in " << took << " s");
  // Before: KafkaSpout::close committed synchronously and waited ~90 s for the broker.
  CHECK(took < 1.0 + 5.0);
}
