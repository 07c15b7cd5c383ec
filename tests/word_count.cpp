#include <doctest/doctest.h>

#include <map>

#include "components.hpp"
#include "squall/testing.hpp"

TEST_CASE("the word count example counts every word of a finite stream exactly") {
  using namespace word_count;
  squall::TopologyBuilder b;
  b.set_spout("sentences", [] { return std::make_unique<SentenceSpout>(5000); }, 2);
  b.set_bolt("split", [] { return std::make_unique<SplitSentenceBolt>(); }, 2).shuffle_grouping("sentences");
  b.set_bolt("count", [] { return std::make_unique<WordCountBolt>(); }, 2).fields_grouping("split", {"word"});
  auto out = squall::testing::complete_topology(b.create_topology());
  CHECK(out.read("sentences").size() == 5000);
  std::map<std::string, std::int64_t> final_counts;
  for (const auto& v : out.read("count")) final_counts[v[0].as_string()] = std::max(final_counts[v[0].as_string()], v[1].as_int());
  // 1000 rounds of the 5 sentences: "the" occurs 4 times a round, "seven" twice, "cow" once.
  CHECK(final_counts["the"] == 4000);
  CHECK(final_counts["seven"] == 2000);
  CHECK(final_counts["cow"] == 1000);
  CHECK(final_counts.size() == 27);
  CHECK(out.read("count").size() == out.read("split").size());  // one count per word
}

TEST_CASE("the example's FinalCountsBolt keeps the latest count of each word") {
  using namespace word_count;
  auto counts = std::make_shared<FinalCounts>();
  squall::TopologyBuilder b;
  b.set_spout("sentences", [] { return std::make_unique<SentenceSpout>(50); });
  b.set_bolt("split", [] { return std::make_unique<SplitSentenceBolt>(); }).shuffle_grouping("sentences");
  b.set_bolt("count", [] { return std::make_unique<WordCountBolt>(); }).fields_grouping("split", {"word"});
  b.set_bolt("totals", [counts] { return std::make_unique<FinalCountsBolt>(counts); }).global_grouping("count");
  (void)squall::testing::complete_topology(b.create_topology());
  std::lock_guard lock(counts->mutex);
  CHECK(counts->counts["the"] == 40);
  CHECK(counts->counts["cow"] == 10);
}
