#include <doctest/doctest.h>

#include "components.hpp"
#include "support/test_components.hpp"

TEST_CASE("the word count example counts every word of a finite stream exactly") {
  using namespace word_count;
  squall::TopologyBuilder b;
  b.set_spout("sentences", [] { return std::make_unique<SentenceSpout>(5000); }, 2);
  b.set_bolt("split", [] { return std::make_unique<SplitSentenceBolt>(); }, 2).shuffle_grouping("sentences");
  b.set_bolt("count", [] { return std::make_unique<WordCountBolt>(); }, 2).fields_grouping("split", {"word"});
  b.set_bolt("console", [] { return std::make_unique<ConsoleBolt>(); }).global_grouping("count");
  bool done = false;
  auto m = test::run_until_complete(b, squall::Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(m.component("sentences")->acked == 5000);
  auto& board = CountBoard::instance();
  std::lock_guard lock(board.mutex);
  // 1000 rounds of the 5 sentences: "the" occurs 4 times a round, "seven" twice, "cow" once.
  CHECK(board.counts["the"] == 4000);
  CHECK(board.counts["seven"] == 2000);
  CHECK(board.counts["cow"] == 1000);
  CHECK(board.counts.size() == 27);
}
