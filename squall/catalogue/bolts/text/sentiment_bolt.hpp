#pragma once
// SentimentBolt (squall.bolts.SentimentBolt): labels words positive or negative from word lists.

#include <set>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Settings: `word.field` (default "word"); `positive` and `negative` (list<string>, defaults:
/// small built-in lists); `pass.fields` (default none). Emits ("word", "sentiment", pass
/// fields...) with sentiment "positive" or "negative"; other words are acked without output.
/// Throws SettingError for a word in both lists.
class SentimentBolt : public BasicBolt {
 public:
  explicit SentimentBolt(const ComponentSettings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string word_field_;
  std::set<std::string, std::less<>> positive_, negative_;
  std::vector<std::string> pass_;
};

}  // namespace squall::bolts
