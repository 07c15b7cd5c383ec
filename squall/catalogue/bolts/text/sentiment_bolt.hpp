#pragma once
// SentimentBolt (squall.bolts.SentimentBolt): labels words positive or negative from word lists.

#include <set>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Emits ("word", "sentiment", pass
/// fields...) with sentiment "positive" or "negative"; other words are acked without output.
/// Throws SettingError for a word in both lists.
class SentimentBolt : public BasicBolt {
 public:
  struct Settings {
    std::string word_field = "word";
    std::vector<std::string> positive{"good", "great", "happy", "love", "nice", "wonderful", "best", "excellent", "joy", "win"};
    std::vector<std::string> negative{"bad", "sad", "hate", "awful", "worst", "terrible", "poor", "angry", "lose", "pain"};
    std::vector<std::string> pass_fields;
    void describe(SettingsSchema& s) {
      s.add(word_field, "word.field", "the field holding the word");
      s.add(positive, "positive", "positive words");
      s.add(negative, "negative", "negative words");
      s.add(pass_fields, "pass.fields", "fields copied to each output");
    }
  };
  explicit SentimentBolt(const Settings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string word_field_;
  std::set<std::string, std::less<>> positive_, negative_;
  std::vector<std::string> pass_;
};

}  // namespace squall::bolts
