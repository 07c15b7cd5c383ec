#pragma once
// SplitSentenceBolt (squall.bolts.SplitSentenceBolt): storm-starter's SplitSentence, one tuple
// per word.

#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Emits ("word", pass fields...) for every run of letters, digits or apostrophes, lower-cased, anchored to the input.
class SplitSentenceBolt : public BasicBolt {
 public:
  struct Settings {
    std::string text_field = "sentence";
    std::vector<std::string> pass_fields;
    void describe(SettingsSchema& s) {
      s.add(text_field, "text.field", "the field holding the text");
      s.add(pass_fields, "pass.fields", "fields copied to each output");
    }
  };
  explicit SplitSentenceBolt(const Settings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string text_field_;
  std::vector<std::string> pass_;
};

}  // namespace squall::bolts
