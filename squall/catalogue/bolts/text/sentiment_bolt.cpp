#include "squall/catalogue/bolts/text/sentiment_bolt.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace squall::bolts {
SentimentBolt::SentimentBolt(const Settings& settings) : word_field_(settings.word_field), pass_(settings.pass_fields) {
  for (const auto& w : settings.positive) positive_.insert(w);
  for (const auto& w : settings.negative) {
    if (positive_.count(w)) throw SettingError(fmt::format("SentimentBolt: '{}' is in both the positive and the negative list", w));
    negative_.insert(w);
  }
}

void SentimentBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields{"word", "sentiment"};
  fields.insert(fields.end(), pass_.begin(), pass_.end());
  declarer.declare(Fields(std::move(fields)));
}

void SentimentBolt::execute(const Tuple& input, BasicOutputCollector& collector) {
  const std::string& word = input.get_string(word_field_);
  const char* sentiment = positive_.count(word) ? "positive" : negative_.count(word) ? "negative" : nullptr;
  if (!sentiment) return;
  Values out{word, sentiment};
  for (const auto& f : pass_) out.push_back(input.get(f));
  collector.emit(std::move(out));
}

void SentimentBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<SentimentBolt>({
      .class_name = "squall.bolts.SentimentBolt",
      .aliases = {"SentimentBolt"},
      .description = "emits (word, sentiment) for words in a positive or negative word list; drops the rest",
  });
}

}  // namespace squall::bolts
