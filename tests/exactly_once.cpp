// Exactly-once state: when every spout is a ReplayableSpout, a failure (a failed checkpoint, a
// failed or timed-out tuple) rolls every task back to the last checkpoint and rewinds every spout
// to the position saved with it, so the stored counts equal a brute-force count exactly; with a
// spout that cannot rewind, the state stays at-least-once and the submit says so.

#include <doctest/doctest.h>

#include <spdlog/sinks/base_sink.h>

#include <fstream>

#include "squall/connectors/files/file_spout.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/files.hpp"
#include "support/state_components.hpp"

using namespace squall;
using namespace test;

namespace {

std::map<std::string, std::int64_t> stored(const nlohmann::json& settings, const std::string& topology,
                                           std::vector<int> tasks) {
  return stored_counts(
      [&](int task) {
        return std::make_unique<stores::RocksDbBackend>(settings, state::StateScope{topology, "count", task});
      },
      tasks);
}

/// Checkpoints every 20 ms into RocksDB (`settings`), at most 500 tuples pending.
Config rocksdb_config(const nlohmann::json& settings) {
  Config c;
  c.set(config_keys::kCheckpointIntervalMs, 20);
  c.set(config_keys::kMaxSpoutPending, 500);
  c.set(config_keys::kStateProvider, std::string("rocksdb"));
  c.set(config_keys::kStateProviderConfig, settings.dump());
  return c;
}

/// Keeps the log lines that mention the state's guarantee.
class GuaranteeSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::vector<std::string> lines;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    std::string text(msg.payload.data(), msg.payload.size());
    if (text.find("-once") != std::string::npos) lines.push_back(text);
  }
  void flush_() override {}
};

}  // namespace

TEST_CASE("replayable spouts: failures roll every task back and rewind, and the stored counts are exact") {
  TempDir dir;
  nlohmann::json settings{{"dir", (dir.path() / "state").string()}};
  auto spout_log = std::make_shared<SpoutLog>();
  auto counter_log = std::make_shared<CounterLog>();
  counter_log->fail_prepare_of = 4;
  RewindingWordSpout::rewinds = 0;
  TopologyBuilder b;
  b.set_spout("words", [=] { return std::make_unique<RewindingWordSpout>(spout_log, 20000, 10); });
  b.set_bolt("flaky", [] { return std::make_unique<FlakyBolt>(3001, std::vector<std::string>{"word"}); }).shuffle_grouping("words");
  b.set_bolt("count", [=] { return std::make_unique<WatchedCounter>(counter_log); }, 2).fields_grouping("flaky", {"word"});
  bool completed = false;
  run_until_complete(b, rocksdb_config(settings), std::chrono::seconds(120), &completed);
  REQUIRE(completed);
  CHECK(counter_log->rollbacks >= 2);           // the failed PREPARE, and the failed tuples
  CHECK(RewindingWordSpout::rewinds >= 2);      // INITSTATE, then at each rollback
  CHECK(spout_log->total_fails() == 0);         // repaired by rewinding, never by replaying an id
  auto counts = stored(settings, "test", {3, 4});
  for (const auto& [w, n] : counts) CAPTURE(w + "=" + std::to_string(n));
  INFO("rollbacks " << counter_log->rollbacks << ", rewinds " << RewindingWordSpout::rewinds << ", commits "
                    << counter_log->commits << ", stored " << counts.size() << " words, w0=" << counts["w0"]);
  CHECK(counts == expected_counts(20000, 10));  // tasks: words 1, flaky 2, count 3-4
}

TEST_CASE("FileSpout's offsets are checkpointed: failures rewind it, the counts are exact, files are renamed once committed") {
  TempDir dir;
  auto in = dir.path() / "in";
  std::filesystem::create_directories(in);
  constexpr int kFiles = 3, kLines = 4000, kDistinct = 10;
  for (int f = 0; f < kFiles; ++f) {
    std::ofstream out(in / fmt::format("part-{}.txt", f));
    for (int i = 0; i < kLines; ++i) out << word_of(f * kLines + i, kDistinct) << '\n';
  }
  nlohmann::json files{{"path", in.string()}, {"glob", "*.txt"}, {"finite", true}, {"poll.interval.ms", 20}};
  nlohmann::json settings{{"dir", (dir.path() / "state").string()}};
  auto counter_log = std::make_shared<CounterLog>();
  counter_log->fail_prepare_of = 5;
  TopologyBuilder b;
  b.set_spout("files", [=] { return std::make_unique<spouts::FileSpout>(ComponentSettings(files)); });
  b.set_bolt("flaky", [] { return std::make_unique<FlakyBolt>(2001, std::vector<std::string>{"line"}); }).shuffle_grouping("files");
  b.set_bolt("count", [=] { return std::make_unique<WatchedCounter>(counter_log, "line"); }, 2).fields_grouping("flaky", {"line"});
  bool completed = false;
  run_until_complete(b, rocksdb_config(settings), std::chrono::seconds(120), &completed);
  REQUIRE(completed);
  CHECK(counter_log->rollbacks >= 2);  // the failed PREPARE, and the failed tuples
  CHECK(stored(settings, "test", {3, 4}) == expected_counts(kFiles * kLines, kDistinct));
  for (int f = 0; f < kFiles; ++f) {  // renamed at the commit that counted them done
    CHECK(std::filesystem::exists(in / fmt::format("part-{}.txt.done", f)));
    CHECK_FALSE(std::filesystem::exists(in / fmt::format("part-{}.txt", f)));
  }
  CHECK_FALSE(std::filesystem::exists(in / ".squall-progress.json"));  // the checkpoints keep the progress
}

TEST_CASE("the submit says whether state is exactly-once or at-least-once, and why") {
  auto sink = std::make_shared<GuaranteeSink>();
  spdlog::default_logger()->sinks().push_back(sink);
  auto spout_log = std::make_shared<SpoutLog>();
  auto counter_log = std::make_shared<CounterLog>();
  for (bool replayable : {true, false}) {
    TopologyBuilder b;
    if (replayable)
      b.set_spout("words", [=] { return std::make_unique<RewindingWordSpout>(spout_log, 10, 2); });
    else
      b.set_spout("words", [=] { return std::make_unique<CountingSpout>(spout_log, 10); });
    b.set_bolt("count", [=] { return std::make_unique<WatchedCounter>(counter_log); }).shuffle_grouping("words");
    Config c;
    c.set(config_keys::kCheckpointIntervalMs, 20);
    LocalCluster cluster;
    cluster.submit_topology(replayable ? "exact" : "loose", c, b.create_topology());
    cluster.kill_topology(replayable ? "exact" : "loose");
  }
  spdlog::default_logger()->sinks().pop_back();
  REQUIRE(sink->lines.size() >= 2);
  CHECK(sink->lines[0].find("[exact] state is exactly-once") != std::string::npos);
  CHECK(sink->lines[1].find("[loose] state is at-least-once") != std::string::npos);
  CHECK(sink->lines[1].find("words") != std::string::npos);  // names the spout that cannot rewind
}
