#pragma once
// SentenceSpout (squall.spouts.SentenceSpout): storm-starter's RandomSentenceSpout, seeded and
// reliable.

#include <string>
#include <vector>

#include "squall/catalogue/spouts/sequence_spout.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::spouts {

/// Emits ("sentence"): sentence n is drawn from `sentences` (default: storm-starter's five, and
/// five with sentiment words) by (`seed`, n), so a replay is identical. `count` per task (0 =
/// endless), `sentences.per.second` per task (0 = unthrottled). Throws SettingError for an empty list.
class SentenceSpout : public SequenceSpout {
 public:
  struct Settings {
    std::vector<std::string> sentences{
        "the cow jumped over the moon", "an apple a day keeps the doctor away", "four score and seven years ago",
        "snow white and the seven dwarfs", "i am at two with nature", "what a wonderful day i love it",
        "the worst traffic and a terrible commute", "great news the best team will win", "sad and angry about the bad call",
        "happy people have a nice time"};
    std::int64_t seed = 42;
    std::int64_t count = 0;
    double sentences_per_second = 0;
    void describe(SettingsSchema& s) {
      s.add(sentences, "sentences", "the sentences to pick from");
      s.add(seed, "seed", "the same seed gives the same sentences");
      s.add(count, "count", "sentences per task; 0 = endless");
      s.add(sentences_per_second, "sentences.per.second", "rate per task; 0 = unthrottled");
    }
  };
  /// Throws SettingError for an empty sentence list.
  explicit SentenceSpout(const Settings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  Values make_tuple(std::int64_t n) const override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::vector<std::string> sentences_;
  std::uint64_t seed_;
};

}  // namespace squall::spouts
