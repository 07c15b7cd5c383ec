// Exactly-once state as an operator meets it: `squall run words.yaml` (a CsvSpout, Storm's
// StatefulWordCounter, a file sink), its state in RocksDB (a relative directory) or in a Redis
// server the test starts, is killed with kill -9 mid-stream and run again with the same command;
// the stored counts then equal a brute-force count of the file exactly. Over a spout that cannot
// rewind they are at least the truth, and the log says the state is at-least-once.

#include <signal.h>

#include <doctest/doctest.h>

#include "squall/catalogue/spouts/generator/generator_spout.hpp"
#include "squall/stores/redis_backend.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/files.hpp"
#include "support/processes.hpp"
#include "support/state_components.hpp"

using namespace squall;
using namespace test;
using namespace std::chrono_literals;

namespace {

namespace fs = std::filesystem;
constexpr int kRows = 60000, kDistinct = 7;

const std::string kCsvSpout = R"(className: "squall.spouts.CsvSpout"
    config: {path: "words.csv", rows.per.second: 15000})";
// A spout that cannot rewind: the state is then at-least-once.
const nlohmann::json kGeneratorSettings = {{"schema", {{{"name", "word"}, {"type", "category"}, {"levels", {"a", "b", "c", "d", "e", "f", "g"}}}}},
                                           {"seed", 7},
                                           {"count", kRows},
                                           {"rows.per.second", 15000}};

/// The topology, with `spout` (its className and config) and `provider` with its JSON settings.
std::string topology_yaml(const std::string& spout, const std::string& provider, const std::string& provider_config) {
  return fmt::format(R"(name: "wc"
config:
  topology.state.checkpoint.interval.ms: 200
  topology.state.provider: "{}"
  topology.state.provider.config: '{}'
  topology.max.spout.pending: 500
spouts:
  - id: "rows"
    {}
bolts:
  - id: "count"
    className: "org.apache.storm.flux.examples.StatefulWordCounter"
  - id: "out"
    className: "squall.bolts.FileSink"
    config: {{path: "counts.csv", mode: "append", flush.every: 1}}
streams:
  - {{from: "rows", to: "count", grouping: {{type: FIELDS, args: ["word"]}}}}
  - {{from: "count", to: "out", grouping: {{type: SHUFFLE}}}}
)",
                     provider, provider_config, spout);
}

std::size_t lines_of(const fs::path& file) {
  auto text = fs::exists(file) ? read_text(file) : std::string();
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// Writes the file and topology into `dir`, runs `squall run words.yaml` there, kills it with
/// kill -9 once a third of the rows are counted, and runs it again to its end.
void kill_and_run_again(const TempDir& temp, const std::string& provider, const std::string& provider_config,
                        const std::string& spout = kCsvSpout, const std::string& guarantee = "state is exactly-once") {
  const fs::path& dir = temp.path();
  std::string csv = "word\n";
  for (int i = 0; i < kRows; ++i) csv += word_of(i, kDistinct) + "\n";
  temp.write("words.csv", csv);
  temp.write("words.yaml", topology_yaml(spout, provider, provider_config));
  // `cd DIR && squall run words.yaml`: the relative paths (file, state dir) are the operator's.
  auto command = [&] {
    return std::vector<std::string>{"sh", "-c", fmt::format("cd '{}' && exec '{}' run words.yaml", dir.string(), SQUALL_BINARY)};
  };
  {
    ChildProcess first(command(), dir / "first.log");
    REQUIRE_MESSAGE(eventually([&] { return lines_of(dir / "counts.csv") >= kRows / 3; }, 60s, 5ms), first.log());
    first.signal(SIGKILL);
  }
  CHECK(lines_of(dir / "counts.csv") < kRows);  // killed mid-stream
  ChildProcess second(command(), dir / "second.log");
  REQUIRE_MESSAGE(eventually([&] { return !second.running(); }, 120s, 20ms), second.log());
  CHECK(second.log().find(guarantee) != std::string::npos);
}

}  // namespace

TEST_CASE("squall run killed with kill -9 and run again: the counts in RocksDB are exact") {
  TempDir dir;
  kill_and_run_again(dir, "rocksdb", R"({"dir": "state"})");
  auto counts = stored_counts(
      [&](int task) {
        return std::make_unique<stores::RocksDbBackend>(nlohmann::json{{"dir", (dir.path() / "state").string()}},
                                                        state::StateScope{"wc", "count", task});
      },
      {2});  // tasks: rows 1, count 2, out 3
  CHECK(counts == expected_counts(kRows, kDistinct));
}

TEST_CASE("squall run killed with kill -9 and run again: the counts in Redis are exact") {
  TempDir dir;
  RedisServer redis(dir.path() / "redis");
  auto settings = nlohmann::json{{"jedisPoolConfig", {{"host", "127.0.0.1"}, {"port", redis.port()}}}};
  kill_and_run_again(dir, "redis", settings.dump());
  auto redis_settings = stores::RedisSettings::from_json(settings);
  auto counts = stored_counts(
      [&](int task) {
        return std::make_unique<stores::RedisBackend>(redis_settings, state::StateScope{"wc", "count", task}.name_space());
      },
      {2});
  CHECK(counts == expected_counts(kRows, kDistinct));
}

TEST_CASE("squall run over a spout that cannot rewind, killed with kill -9 and run again: counts at least the truth") {
  TempDir dir;
  kill_and_run_again(dir, "rocksdb", R"({"dir": "state"})",
                     R"(className: "squall.spouts.GeneratorSpout"
    config: )" + kGeneratorSettings.dump(),
                     "state is at-least-once: spouts rows cannot rewind");
  auto counts = stored_counts(
      [&](int task) {
        return std::make_unique<stores::RocksDbBackend>(nlohmann::json{{"dir", (dir.path() / "state").string()}},
                                                        state::StateScope{"wc", "count", task});
      },
      {2});
  spouts::GeneratorSpout generator{ComponentSettings(kGeneratorSettings)};
  std::map<std::string, std::int64_t> truth;
  for (std::int64_t n = 0; n < kRows; ++n) ++truth[generator.make_tuple(n).at(0).as_string()];
  REQUIRE(counts.size() == truth.size());
  std::int64_t total = 0;
  for (const auto& [word, n] : truth) {
    CAPTURE(word);
    CHECK(counts[word] >= n);  // replayed rows may count twice, none is lost
    total += counts[word];
  }
  CHECK(total > kRows);  // the rows counted before the kill are counted again
}
