#include "squall/catalogue/bolts/text/sentiment_bolt.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace squall::bolts {
namespace {

const std::vector<std::string> kPositive{"good", "great", "happy", "love", "nice", "wonderful", "best", "excellent", "joy", "win"};
const std::vector<std::string> kNegative{"bad", "sad", "hate", "awful", "worst", "terrible", "poor", "angry", "lose", "pain"};

}  // namespace

SentimentBolt::SentimentBolt(const ComponentSettings& s)
    : word_field_(s.get_or<std::string>("word.field", "word")), pass_(s.get_or<std::vector<std::string>>("pass.fields", {})) {
  for (const auto& w : s.get_or<std::vector<std::string>>("positive", kPositive)) positive_.insert(w);
  for (const auto& w : s.get_or<std::vector<std::string>>("negative", kNegative)) {
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
      .settings = {{"word.field", SettingType::string, "word", "the field holding the word"},
                   {"positive", SettingType::string_list, kPositive, "positive words"},
                   {"negative", SettingType::string_list, kNegative, "negative words"},
                   {"pass.fields", SettingType::string_list, nlohmann::json::array(), "fields copied to each output"}},
  });
}

}  // namespace squall::bolts
