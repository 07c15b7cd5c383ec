#include "squall/catalogue/bolts/text/hashtag_bolt.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

namespace squall::bolts {

HashtagBolt::HashtagBolt(const Settings& settings) : text_field_(settings.text_field), pass_(settings.pass_fields) {}

void HashtagBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields{"hashtag"};
  fields.insert(fields.end(), pass_.begin(), pass_.end());
  declarer.declare(Fields(std::move(fields)));
}

void HashtagBolt::execute(const Tuple& input, BasicOutputCollector& collector) {
  const std::string& text = input.get_string(text_field_);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '#') continue;
    std::size_t end = i + 1;
    while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) ++end;
    if (end > i + 1) {
      std::string tag = text.substr(i, end - i);
      for (auto& c : tag) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      Values out{std::move(tag)};
      for (const auto& f : pass_) out.push_back(input.get(f));
      collector.emit(std::move(out));
    }
    i = end - 1;
  }
}

void HashtagBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<HashtagBolt>({
      .class_name = "squall.bolts.HashtagBolt",
      .aliases = {"HashtagBolt"},
      .description = "emits (hashtag, pass fields...) for every #word of a text field",
  });
}

}  // namespace squall::bolts
