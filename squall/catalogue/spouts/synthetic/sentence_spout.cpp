#include "squall/catalogue/spouts/synthetic/sentence_spout.hpp"

#include "squall/api/detail/seeded_random.hpp"
#include "squall/api/output_fields_declarer.hpp"

namespace squall::spouts {
SentenceSpout::SentenceSpout(const Settings& settings)
    : SequenceSpout(settings.count, settings.sentences_per_second),
      sentences_(settings.sentences),
      seed_(static_cast<std::uint64_t>(settings.seed)) {
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
  });
}

}  // namespace squall::spouts
