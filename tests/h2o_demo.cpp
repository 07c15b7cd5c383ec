// The flagship demo, topologies/h2o_prediction.yaml, runs to completion with accuracy >= 0.98.

#include <fstream>

#include <doctest/doctest.h>

#include "squall/flux/topology_loader.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/yaml_helpers.hpp"

TEST_CASE("the H2O demo topology classifies every live row with accuracy >= 0.98") {
  test::TempDir dir;
  auto out = (dir.path() / "predictions.csv").string();
  squall::LoadOptions options;
  options.substitution.properties = {{"rows.per.second", "0"}, {"port", "0"}, {"output", out}};
  options.config_overrides = {{"squall.progress.interval.secs", 0}};
  auto loaded = squall::load_topology_file(SQUALL_SOURCE_DIR "/topologies/h2o_prediction.yaml", options);
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(120)));
  auto metrics = cluster.kill_topology(loaded.name);
  CHECK(metrics.component("live-data")->acked == 1000);
  CHECK(metrics.component("live-data")->failed == 0);

  std::ifstream in(out);
  std::string line;
  std::getline(in, line);
  CHECK(line == "expected,predicted,probability");
  int rows = 0, correct = 0;
  while (std::getline(in, line)) {
    auto a = line.find(','), b = line.find(',', a + 1);
    ++rows;
    correct += line.substr(0, a) == line.substr(a + 1, b - a - 1);
  }
  CHECK(rows == 1000);
  double accuracy = static_cast<double>(correct) / rows;
  MESSAGE("demo accuracy " << accuracy);
  CHECK(accuracy >= 0.98);
}
