#include "squall/catalogue/bolts/text/split_sentence_bolt.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

namespace squall::bolts {

SplitSentenceBolt::SplitSentenceBolt(const Settings& settings) : text_field_(settings.text_field), pass_(settings.pass_fields) {}

void SplitSentenceBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields{"word"};
  fields.insert(fields.end(), pass_.begin(), pass_.end());
  declarer.declare(Fields(std::move(fields)));
}

void SplitSentenceBolt::execute(const Tuple& input, BasicOutputCollector& collector) {
  const std::string& text = input.get_string(text_field_);
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    Values out{std::move(word)};
    for (const auto& f : pass_) out.push_back(input.get(f));
    collector.emit(std::move(out));
    word.clear();
  };
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '\'') word.push_back(static_cast<char>(std::tolower(u)));
    else flush();
  }
  flush();
}

void SplitSentenceBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<SplitSentenceBolt>({
      .class_name = "squall.bolts.SplitSentenceBolt",
      .aliases = {"SplitSentenceBolt", "SplitSentence"},
      .description = "storm-starter's SplitSentence: emits (word, pass fields...) per word of a text field, lower-cased",
  });
}

}  // namespace squall::bolts
