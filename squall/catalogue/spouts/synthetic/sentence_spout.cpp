#include "squall/catalogue/spouts/synthetic/sentence_spout.hpp"

#include "squall/api/detail/seeded_random.hpp"
#include "squall/api/output_fields_declarer.hpp"

namespace squall::spouts {
namespace {

const std::vector<std::string> kSentences{
    "the cow jumped over the moon", "an apple a day keeps the doctor away", "four score and seven years ago",
    "snow white and the seven dwarfs", "i am at two with nature", "what a wonderful day i love it",
    "the worst traffic and a terrible commute", "great news the best team will win", "sad and angry about the bad call",
    "happy people have a nice time"};

}  // namespace

SentenceSpout::SentenceSpout(const ComponentSettings& s)
    : SequenceSpout(s.get_or<std::int64_t>("count", 0), s.get_or<double>("sentences.per.second", 0)),
      sentences_(s.get_or<std::vector<std::string>>("sentences", kSentences)),
      seed_(static_cast<std::uint64_t>(s.get_or<std::int64_t>("seed", 42))) {
  if (sentences_.empty()) throw SettingError("SentenceSpout: 'sentences' is empty");
}

void SentenceSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const { declarer.declare({"sentence"}); }

Values SentenceSpout::make_tuple(std::int64_t n) const {
  return {sentences_[mix64(seed_ ^ mix64(static_cast<std::uint64_t>(n))) % sentences_.size()]};
}

void SentenceSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<SentenceSpout>({
      .class_name = "squall.spouts.SentenceSpout",
      .aliases = {"SentenceSpout", "RandomSentenceSpout"},
      .description = "storm-starter's RandomSentenceSpout: seeded random sentences on field 'sentence', reliable",
      .settings = {{"sentences", SettingType::string_list, kSentences, "the sentences to pick from"},
                   {"seed", SettingType::integer, 42, "the same seed gives the same sentences"},
                   {"count", SettingType::integer, 0, "sentences per task; 0 = endless"},
                   {"sentences.per.second", SettingType::number, 0, "rate per task; 0 = unthrottled"}},
  });
}

}  // namespace squall::spouts
