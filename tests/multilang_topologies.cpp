// Multilang topologies from YAML: Storm's Flux examples unchanged (multilang, word count,
// windowing), FluxShellBolt's config methods with a Python scoring bolt. A worker killed with
// kill -9 taking its child along: tests/multilang_workers.cpp.

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "squall/flux/topology_loader.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/example_topologies.hpp"
#include "support/files.hpp"
#include "support/multilang.hpp"

using namespace squall;
using test::processes_with;
namespace fs = std::filesystem;

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
  squall.multilang.resources.dir: )" + test::kMultilangExamples + R"(
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
