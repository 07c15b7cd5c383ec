// squall's first example: count the words of an endless (or finite) stream of sentences.
//
//   word_count [SENTENCES]     SENTENCES = 0 (default 100000): run until Ctrl-C
#include <cstdio>
#include <cstdlib>
#include <string>

#include "components.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/runtime/shutdown_signals.hpp"
#include "squall/api/topology_builder.hpp"

int main(int argc, char** argv) {
  std::uint64_t sentences = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  squall::install_shutdown_signal_handlers();

  squall::TopologyBuilder builder;
  builder.set_spout("sentences", [sentences] { return std::make_unique<word_count::SentenceSpout>(sentences); });
  builder.set_bolt("split", [] { return std::make_unique<word_count::SplitSentenceBolt>(); }, 2)
      .shuffle_grouping("sentences");
  builder.set_bolt("count", [] { return std::make_unique<word_count::WordCountBolt>(); }, 2)
      .fields_grouping("split", {"word"});
  auto final_counts = std::make_shared<word_count::FinalCounts>();
  builder.set_bolt("totals", [final_counts] { return std::make_unique<word_count::FinalCountsBolt>(final_counts); })
      .global_grouping("count");

  squall::Config config;
  config.set(squall::config_keys::kMessageTimeoutSecs, 30);
  config.set(squall::config_keys::kProgressIntervalSecs, 2);

  squall::LocalCluster cluster;
  cluster.submit_topology("word-count", config, builder.create_topology());
  if (sentences == 0) cluster.run_for(std::chrono::hours(24 * 365));
  else cluster.wait_until_complete("word-count", std::chrono::minutes(10));
  // Ctrl-C lands here too: stop the spouts and give pending tuples up to 30 s to complete.
  auto metrics = cluster.kill_topology("word-count", std::chrono::seconds(30));

  std::printf("%s\n", metrics.summary_table().c_str());
  std::printf("%-12s %s\n", "word", "count");
  for (const auto& [word, count] : final_counts->counts) std::printf("%-12s %lld\n", word.c_str(), static_cast<long long>(count));
  const auto* spout = metrics.component("sentences");
  std::printf("\nsentences acked: %llu, failed: %llu\n", static_cast<unsigned long long>(spout->acked),
              static_cast<unsigned long long>(spout->failed));
  return 0;
}
