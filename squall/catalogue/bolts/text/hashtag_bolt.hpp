#pragma once
// HashtagBolt (squall.bolts.HashtagBolt): one tuple per hashtag of a text.

#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Emits ("hashtag", pass fields...) for every "#word" of the text, lower-cased, anchored
/// to the input. A text without hashtags emits nothing.
class HashtagBolt : public BasicBolt {
 public:
  struct Settings {
    std::string text_field = "text";
    std::vector<std::string> pass_fields{"timestamp"};
    void describe(SettingsSchema& s) {
      s.add(text_field, "text.field", "the field holding the text");
      s.add(pass_fields, "pass.fields", "fields copied to each output");
    }
  };
  explicit HashtagBolt(const Settings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string text_field_;
  std::vector<std::string> pass_;
};

}  // namespace squall::bolts
