// Shell spouts and bolts over Storm's multilang protocol: Python and JavaScript children, with
// squall's storm.py and storm.js (examples/multilang/resources), in topologies with C++ components;
// the faults a child meets (killed, hanging, garbage, exiting at start) replay what it held.

#include <dirent.h>

#include <cmath>
#include <filesystem>
#include <csignal>
#include <sstream>
#include <fstream>

#include <doctest/doctest.h>

#include "squall/api/config_keys.hpp"
#include "squall/multilang/json_values.hpp"
#include "squall/multilang/shell_bolt.hpp"
#include "squall/multilang/shell_spout.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/flux/topology_loader.hpp"
#include "support/capture_bolt.hpp"
#include "support/example_topologies.hpp"
#include "support/files.hpp"
#include "support/test_components.hpp"

using namespace squall;
using multilang::ShellBolt;
using multilang::ShellSettings;
using multilang::ShellSpout;
namespace fs = std::filesystem;

namespace {

const std::string kTests = std::string(SQUALL_SOURCE_DIR) + "/tests/multilang";
const std::string kExamples = std::string(SQUALL_SOURCE_DIR) + "/examples/multilang/resources";

/// Pids of processes whose command line contains `needle`: a child left behind.
std::vector<int> processes_with(const std::string& needle) {
  std::vector<int> out;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream f(entry.path() / "cmdline");
    std::string cmdline((std::istreambuf_iterator<char>(f)), {});
    if (cmdline.find(needle) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

/// spout (CountingSpout, `count` ids) → shell (test_bolt.py `args`) → sink.
TopologyBuilder through_python(std::shared_ptr<test::SpoutLog> spout_log, std::shared_ptr<test::SinkLog> sink_log,
                               std::int64_t count, std::vector<std::string> args, int parallelism = 1) {
  TopologyBuilder b;
  b.set_spout("spout", [=] { return std::make_unique<test::CountingSpout>(spout_log, count); });
  ShellSettings shell;
  shell.command = {"python3", kTests + "/test_bolt.py"};
  shell.command.insert(shell.command.end(), args.begin(), args.end());
  shell.streams = {{"default", Fields{"id", "payload"}}, {"direct", Fields{"id", "payload"}}};
  shell.direct_streams = {"direct"};
  b.set_bolt("shell", [=] { return std::make_unique<ShellBolt>(shell); }, parallelism).shuffle_grouping("spout");
  auto sink = b.set_bolt("sink", [=] { return std::make_unique<test::SinkBolt>(sink_log); }, 2);
  sink.shuffle_grouping("shell");
  sink.direct_grouping("shell", "direct");
  return b;
}

Config quick_faults() {
  Config c;
  c.set(config_keys::kSubprocessTimeoutSecs, 2);
  c.set(config_keys::kMessageTimeoutSecs, 10);
  c.set(config_keys::kMultilangResourcesDir, kTests);
  return c;
}

/// Every id reached the sink at least once and was acked exactly once at the spout.
void check_each_completed_once(test::SpoutLog& spout, test::SinkLog& sink, std::int64_t count) {
  std::lock_guard l(spout.mutex);
  std::lock_guard s(sink.mutex);
  for (std::int64_t id = 0; id < count; ++id) {
    INFO("id " << id);
    CHECK(spout.acks[id] == 1);
    CHECK(sink.seen[id] >= 1);
  }
}

}  // namespace

TEST_CASE("a JavaScript spout and a Python bolt between C++ components count words exactly") {
  // randomsentence.js (5 sentences in turn, 100 in all) → splitsentence.py → count by word in C++
  struct Counts {
    std::mutex mutex;
    std::map<std::string, int> words;
    int total = 0;
  };
  auto counts = std::make_shared<Counts>();
  class CountBolt : public BasicBolt {
   public:
    explicit CountBolt(std::shared_ptr<Counts> c) : c_(std::move(c)) {}
    void execute(const Tuple& in, BasicOutputCollector&) override {
      std::lock_guard l(c_->mutex);
      ++c_->words[in.get_string(0)];
      ++c_->total;
    }

   private:
    std::shared_ptr<Counts> c_;
  };
  TopologyBuilder b;
  ShellSettings spout{.command = {"node", "randomsentence.js"}, .streams = {{"default", Fields{"sentence"}}}};
  ShellSettings split{.command = {"python3", "splitsentence.py"}, .streams = {{"default", Fields{"word"}}}};
  b.set_spout("sentences", [=] { return std::make_unique<ShellSpout>(spout); });
  b.set_bolt("split", [=] { return std::make_unique<ShellBolt>(split); }, 2).shuffle_grouping("sentences");
  b.set_bolt("count", [=] { return std::make_unique<CountBolt>(counts); }, 2).fields_grouping("split", {"word"});
  Config config;
  config.set(config_keys::kMultilangResourcesDir, kExamples);
  config.set("randomsentence.limit", 100);
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("words", config, b.create_topology());
  const int expected_total = 20 * (6 + 8 + 6 + 6 + 6);
  CHECK(test::eventually([&] {
    std::lock_guard l(counts->mutex);
    return counts->total >= expected_total;
  }));
  auto m = cluster.metrics("words");
  CHECK(test::eventually([&] { return cluster.metrics("words").component("sentences")->acked == 100; }));
  cluster.kill_topology("words");
  std::lock_guard l(counts->mutex);
  CHECK(counts->total == expected_total);
  CHECK(counts->words["the"] == 80);  // twice in sentence 1, once in sentences 2 and 4
  CHECK(counts->words["seven"] == 40);
  CHECK(counts->words["nature"] == 20);
  CHECK(processes_with("randomsentence.js").empty());
  CHECK(processes_with("splitsentence.py").empty());
}

TEST_CASE("anchored, unanchored, need_task_ids false and direct emits from a Python bolt") {
  for (std::string mode : {"plain", "unanchored", "no_task_ids", "direct"}) {
    CAPTURE(mode);
    auto spout = std::make_shared<test::SpoutLog>();
    auto sink = std::make_shared<test::SinkLog>();
    bool completed = false;
    auto m = test::run_until_complete(through_python(spout, sink, 200, {mode}), quick_faults(), std::chrono::seconds(60),
                                      &completed);
    CHECK(completed);
    check_each_completed_once(*spout, *sink, 200);
    CHECK(m.component("shell")->errors == 0);
    CHECK(m.component("sink")->executed == 200);
  }
}

TEST_CASE("a Python bolt that fails every 7th tuple once: every spout tuple completes exactly once") {
  auto spout = std::make_shared<test::SpoutLog>();
  auto sink = std::make_shared<test::SinkLog>();
  bool completed = false;
  test::run_until_complete(through_python(spout, sink, 300, {"fail_every:7"}), quick_faults(), std::chrono::seconds(60),
                           &completed);
  CHECK(completed);
  check_each_completed_once(*spout, *sink, 300);
  std::lock_guard l(spout->mutex);
  for (std::int64_t id = 0; id < 300; ++id) CHECK(spout->fails[id] == (id % 7 == 0 ? 1 : 0));
}

TEST_CASE("a child killed, hanging, writing garbage or exiting at start is reported, restarted, and loses nothing") {
  for (std::string fault : {"kill_after:50", "hang_after:50", "garbage_after:50", "exit_at_start"}) {
    CAPTURE(fault);
    test::TempDir dir;
    std::string marker = (dir.path() / "fault-happened").string();
    auto spout = std::make_shared<test::SpoutLog>();
    auto sink = std::make_shared<test::SinkLog>();
    bool completed = false;
    auto m = test::run_until_complete(through_python(spout, sink, 300, {fault, marker}, 2), quick_faults(),
                                      std::chrono::seconds(90), &completed);
    CHECK(fs::exists(marker));  // the fault happened
    CHECK(completed);
    check_each_completed_once(*spout, *sink, 300);
    const auto* shell = m.component("shell");
    CHECK(shell->errors >= 1);
    CHECK(shell->last_error.find("shell:") != std::string::npos);  // component:task of the child
    if (fault != "exit_at_start") CHECK(spout->total_fails() >= 1);  // what the child held was replayed
    CHECK(processes_with(marker).empty());  // no child left behind
  }
}

TEST_CASE("an emit whose value has no tuple type is reported and its input failed, not a crash") {
  auto spout = std::make_shared<test::SpoutLog>();
  auto sink = std::make_shared<test::SinkLog>();
  bool completed = false;
  // id 3 emits [3, [1, 2]] the first time: rejected, its input failed; the replay goes through
  Config config = quick_faults();
  auto m = test::run_until_complete(through_python(spout, sink, 10, {"list_value"}), config, std::chrono::seconds(60),
                                    &completed);
  CHECK(completed);
  const auto* shell = m.component("shell");
  CHECK(shell->errors >= 1);
  CHECK(shell->last_error.find("value 1 of the tuple") != std::string::npos);
  CHECK(spout->fail_count(3) == 1);
  check_each_completed_once(*spout, *sink, 10);
}

TEST_CASE("a shell spout that writes garbage is reported and restarted; the spout goes on") {
  test::TempDir dir;
  std::string marker = (dir.path() / "garbage-written").string();
  TopologyBuilder b;
  ShellSettings settings{.command = {"python3", kTests + "/garbage_spout.py", marker}, .streams = {{"default", Fields{"id"}}}};
  b.set_spout("py", [=] { return std::make_unique<ShellSpout>(settings); });
  auto sink = std::make_shared<test::SinkLog>();
  b.set_bolt("sink", [=] { return std::make_unique<test::SinkBolt>(sink); }).shuffle_grouping("py");
  Config config = quick_faults();
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("garbage", config, b.create_topology());
  // the restarted child emits ids 0..19 again (its own state is gone): all 20 arrive
  CHECK(test::eventually([&] {
    std::lock_guard l(sink->mutex);
    return sink->seen.size() == 20;
  }));
  auto m = cluster.kill_topology("garbage");
  CHECK(fs::exists(marker));
  CHECK(m.component("py")->errors >= 1);
  CHECK(m.component("py")->last_error.find("not a JSON object") != std::string::npos);
  CHECK(processes_with(marker).empty());
}

TEST_CASE("a command that cannot run fails the topology's start with the component, the command and the fix") {
  ShellSettings settings{.command = {"no-such-program-squall"}, .streams = {{"default", Fields{"id"}}}};
  try {
    multilang::ShellBolt bolt(settings);
    TopologyContext context("t", "bad", 1, {1}, Config());
    struct NullCollector : OutputCollector {
      std::span<const int> emit(std::string_view, std::span<const Tuple>, Values) override { return {}; }
      void emit_direct(int, std::string_view, std::span<const Tuple>, Values) override {}
      void ack(const Tuple&) override {}
      void fail(const Tuple&) override {}
      void reset_timeout(const Tuple&) override {}
      void report_error(std::string_view) override {}
    } collector;
    bolt.prepare(context, collector);
    FAIL("prepare did not throw");
  } catch (const multilang::ChildProcessError& e) {
    std::string what = e.what();
    CHECK(what.find("bad:1") != std::string::npos);
    CHECK(what.find("no-such-program-squall") != std::string::npos);
    CHECK(what.find("squall.multilang.resources.dir") != std::string::npos);
  }
}

namespace {

/// Loads `path` (absolute) and runs it until `done(metrics)` holds; returns the last metrics.
template <typename Done>
MetricsSnapshot run_file_until(const std::string& path, Done done, LoadOptions options = {}) {
  auto loaded = load_topology_file(path, options);
  loaded.config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, std::move(loaded.topology));
  bool held = test::eventually([&] { return done(cluster.metrics(loaded.name)); }, std::chrono::milliseconds(30000),
                               std::chrono::milliseconds(20));
  auto m = cluster.kill_topology(loaded.name);
  CHECK(held);
  return m;
}

}  // namespace

TEST_CASE("Storm's Flux examples run unchanged: multilang (with squall's storm.js and storm.py), word count, windowing") {
  SUBCASE("multilang.yaml, from another working directory") {
    test::TempDir elsewhere;
    auto previous = fs::current_path();
    fs::current_path(elsewhere.path());
    auto m = run_file_until("../../../.." + std::string(SQUALL_SOURCE_DIR) + "/examples/multilang/multilang.yaml",
                            [](const MetricsSnapshot& s) {
                              return s.component("log")->executed >= 100 && s.component("sentence-spout")->acked >= 1;
                            });
    fs::current_path(previous);
    CHECK(m.component("sentence-spout")->acked >= 1);
    CHECK(m.component("splitsentence")->errors == 0);
    CHECK(processes_with("randomsentence.js").empty());
  }
  SUBCASE("simple_wordcount.yaml") {
    auto m = run_file_until(std::string(SQUALL_SOURCE_DIR) + "/topologies/flux_simple_wordcount.yaml",
                            [](const MetricsSnapshot& s) { return s.component("bolt-2")->executed >= 3; });
    CHECK(m.component("bolt-1")->errors == 0);
  }
  SUBCASE("simple_windowing.yaml: windows of 5 words sliding by 3") {
    auto m = run_file_until(std::string(SQUALL_SOURCE_DIR) + "/topologies/flux_windowing.yaml",
                            [](const MetricsSnapshot& s) { return s.component("bolt-2")->executed >= 2; });
    CHECK(m.component("bolt-1")->errors == 0);
  }
}

TEST_CASE("FluxShellBolt's config methods from YAML: setDefaultStream, setNamedStream, addComponentConfig; a Python model scores rows") {
  // rows (id, x, y) → score_rows.py (logistic regression of resources/model.json) → capture
  test::TempDir dir;
  auto file = dir.write("scoring.yaml", R"(
name: scoring
config:
  squall.multilang.resources.dir: )" + kExamples + R"(
spouts:
  - id: rows
    className: org.apache.storm.testing.FixedTupleSpout
    constructorArgs:
      - [[1, 2.0, 0.0], [2, 0.0, 4.0], [3, 1.0, 1.0]]
      - [id, x, y]
bolts:
  - id: score
    className: org.apache.storm.flux.wrappers.bolts.FluxShellBolt
    constructorArgs:
      - [python3, score_rows.py]
    configMethods:
      - name: setDefaultStream
        args: [[id, probability, label]]
      - name: setNamedStream
        args: [audit, [id, note]]
      - name: setNamedStream
        args: [other, [a]]
      - name: addComponentConfig
        args: [score_rows.model, model.json]
  - id: sink
    className: squall.bolts.FileSink
    config: {path: "${topology.dir}/scores.jsonl", format: json}
streams:
  - {from: rows, to: score, grouping: {type: SHUFFLE}}
  - {from: score, to: sink, grouping: {type: SHUFFLE}}
)");
  auto loaded = load_topology_file(file, {});
  const ComponentDef* score = loaded.topology.find("score");
  REQUIRE(score);
  CHECK(score->outputs.at("default").fields.names() == std::vector<std::string>{"id", "probability", "label"});
  CHECK(score->outputs.at("audit").fields.names() == std::vector<std::string>{"id", "note"});
  CHECK(score->outputs.at("other").fields.names() == std::vector<std::string>{"a"});
  CHECK(score->declared_config.get_string("score_rows.model", "") == "model.json");
  CHECK_FALSE(score->declared_config.get(config_keys::kChaining));
  CHECK(test::run_loaded(std::move(loaded), std::chrono::seconds(60)));
  auto rows = test::json_lines(dir.path() / "scores.jsonl");
  REQUIRE(rows.size() == 3);
  std::map<std::int64_t, std::pair<double, std::string>> by_id;
  for (const auto& r : rows) by_id[r["id"].get<std::int64_t>()] = {r["probability"].get<double>(), r["label"].get<std::string>()};
  // p = 1 / (1 + exp(-(-1 + 2x - 0.5y)))
  CHECK(by_id[1].first == doctest::Approx(1 / (1 + std::exp(-3.0))));
  CHECK(by_id[1].second == "yes");
  CHECK(by_id[2].first == doctest::Approx(1 / (1 + std::exp(3.0))));
  CHECK(by_id[2].second == "no");
  CHECK(by_id[3].first == doctest::Approx(1 / (1 + std::exp(-0.5))));
}

namespace {

/// The parent pid and state letter of `pid` from /proc/PID/stat; state 0 when it is gone.
std::pair<int, char> parent_and_state(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(f)), {});
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
  Config config = quick_faults();
  config.set(config_keys::kWorkers, 2);
  config.set(config_keys::kMessagingIpcDir, (dir.path() / "run").string());
  config.set(config_keys::kMaxSpoutPending, 200);
  config.set(config_keys::kMessageTimeoutSecs, 5);
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("w", config, through_python(spout, sink, 20000, {"plain", tag}).create_topology());
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

TEST_CASE("multilang values: scalars both ways, bytes as base64, lists and huge integers refused with the fix") {
  using multilang::to_json;
  using multilang::value_from_json;
  CHECK(to_json(Values{nullptr, true, 42, 2.5, "héllo"}).dump() == R"([null,true,42,2.5,"héllo"])");
  CHECK(to_json(Value(Bytes{{'h', 'i', '!', 0xff}})) == "aGkh/w==");
  CHECK(value_from_json(nlohmann::json::parse("-7")) == Value(-7));
  CHECK(value_from_json(nlohmann::json::parse("7.25")) == Value(7.25));
  CHECK(value_from_json(nlohmann::json::parse("\"x\"")) == Value("x"));
  CHECK(value_from_json(nlohmann::json::parse("null")).is_nil());
  CHECK(value_from_json(nlohmann::json::parse("9223372036854775807")) == Value(std::int64_t{9223372036854775807}));
  CHECK_THROWS_WITH_AS(value_from_json(nlohmann::json::parse("9223372036854775808")),
                       doctest::Contains("send it as a string"), std::invalid_argument);
  CHECK_THROWS_WITH_AS(multilang::values_from_json(nlohmann::json::parse(R"([1, {"a": 2}])")),
                       doctest::Contains("value 1 of the tuple: a JSON object"), std::invalid_argument);
  CHECK_THROWS_AS(multilang::values_from_json(nlohmann::json::parse("{}")), std::invalid_argument);
}
