// Shell spouts and bolts over Storm's multilang protocol: Python and JavaScript children, with
// squall's storm.py and storm.js (examples/multilang/resources), in topologies with C++ components;
// the faults a child meets (killed, hanging, garbage, exiting at start) replay what it held.
// Storm's Flux examples and worker faults: tests/multilang_topologies.cpp.

#include <filesystem>
#include <sstream>

#include <doctest/doctest.h>

#include "squall/multilang/json_values.hpp"
#include "squall/multilang/shell_bolt.hpp"
#include "squall/multilang/shell_spout.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/files.hpp"
#include "support/multilang.hpp"

using namespace squall;
using multilang::ShellBolt;
using multilang::ShellSettings;
using multilang::ShellSpout;
using test::kMultilangExamples;
using test::kMultilangTests;
using test::processes_with;
using test::quick_faults;
using test::through_python;
namespace fs = std::filesystem;

namespace {

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
  config.set(config_keys::kMultilangResourcesDir, kMultilangExamples);
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

TEST_CASE("topology.shellbolt.max.pending bounds what a child holds: execute waits, then the silent child is replaced") {
  test::TempDir dir;
  std::string marker = (dir.path() / "held").string();
  auto spout = std::make_shared<test::SpoutLog>();
  auto sink = std::make_shared<test::SinkLog>();
  Config config = quick_faults();
  config.set(config_keys::kShellBoltMaxPending, 10);
  bool completed = false;
  auto m = test::run_until_complete(through_python(spout, sink, 100, {"hold_once", marker}), config,
                                    std::chrono::seconds(60), &completed);
  CHECK(completed);
  check_each_completed_once(*spout, *sink, 100);
  // The first child acked nothing: it got exactly 10 tuples, then nothing until it was replaced.
  std::istringstream held(test::read_text(marker));
  int last = 0;
  for (int n; held >> n;) last = n;
  CHECK(last == 10);
  CHECK(m.component("shell")->errors >= 1);  // the silent child, reported
  CHECK(m.component("shell")->last_error.find("10 in-flight tuples failed") != std::string::npos);
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
  ShellSettings settings{.command = {"python3", kMultilangTests + "/garbage_spout.py", marker}, .streams = {{"default", Fields{"id"}}}};
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
