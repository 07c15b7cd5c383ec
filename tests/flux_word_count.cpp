// topologies/flux_word_count.yaml, a Flux file with Storm's stock components, runs to completion
// with the expected counts.

#include <map>
#include <mutex>
#include <regex>

#include <doctest/doctest.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include "squall/flux/topology_loader.hpp"
#include "squall/runtime/local_cluster.hpp"

namespace {

/// Keeps the highest count LogInfoBolt logged for each word.
class CountSink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  std::map<std::string, int> counts;

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    static const std::regex tuple(R"(\[(\w+), (\d+)\])");
    std::string text(msg.payload.data(), msg.payload.size());
    std::smatch m;
    if (std::regex_search(text, m, tuple)) counts[m[1]] = std::max(counts[m[1]], std::stoi(m[2]));
  }
  void flush_() override {}
};

}  // namespace

TEST_CASE("the Flux word count runs unchanged and counts every word") {
  auto sink = std::make_shared<CountSink>();
  auto logger = std::make_shared<spdlog::logger>("squall.LogInfoBolt", sink);
  spdlog::register_logger(logger);

  auto loaded = squall::load_topology_file(SQUALL_SOURCE_DIR "/topologies/flux_word_count.yaml");
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(60)));
  auto metrics = cluster.kill_topology(loaded.name);
  spdlog::drop("squall.LogInfoBolt");

  CHECK(metrics.component("spout-1")->acked == 8);
  CHECK(metrics.component("spout-1")->failed == 0);
  // The topology is stopped: no thread writes the sink any more.
  CHECK(sink->counts == std::map<std::string, int>{{"nathan", 3}, {"mike", 2}, {"jackson", 1}, {"golda", 1}, {"bertels", 1}});
}
