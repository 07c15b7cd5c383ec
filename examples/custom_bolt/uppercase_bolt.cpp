// A custom bolt and a custom grouping, built as a squall plugin.
//
// com.example.UppercaseBolt upper-cases one string field and drops words shorter than a minimum;
// com.example.FirstLetterGrouping sends words with the same first letter to the same task.

#include <algorithm>
#include <cctype>

#include <squall/api/bolt.hpp>
#include <squall/api/output_fields_declarer.hpp>
#include <squall/api/registry/plugin.hpp>

namespace example {

class UppercaseBolt : public squall::BasicBolt {
 public:
  /// The settings a topology file gives (`config: {field: ..., min.length: ...}`), declared once:
  /// the registry learns names, types and defaults from here.
  struct Settings {
    std::string field = "word";
    std::int64_t min_length = 0;
    void describe(squall::SettingsSchema& s) {
      s.add(field, "field", "the field to upper-case");
      s.add(min_length, "min.length", "shorter words are acked and dropped");
    }
  };
  explicit UppercaseBolt(const Settings& settings) : field_(settings.field), min_length_(settings.min_length) {}

  void declare_output_fields(squall::OutputFieldsDeclarer& declarer) const override { declarer.declare({field_}); }

  void execute(const squall::Tuple& input, squall::BasicOutputCollector& collector) override {
    std::string word = input.get_string(field_);
    if (static_cast<std::int64_t>(word.size()) < min_length_) return;  // acked, not emitted
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::toupper(c); });
    collector.emit({word});
  }

 private:
  std::string field_;
  std::int64_t min_length_;
};

class FirstLetterGrouping : public squall::CustomStreamGrouping {
 public:
  void prepare(const squall::GroupingContext&, std::vector<int> target_tasks) override { targets_ = std::move(target_tasks); }
  std::vector<int> choose_tasks(int, const squall::Values& values) override {
    const std::string& word = values.at(0).as_string();
    unsigned char first = word.empty() ? 0 : static_cast<unsigned char>(word[0]);
    return {targets_[first % targets_.size()]};
  }

 private:
  std::vector<int> targets_;
};

}  // namespace example

SQUALL_PLUGIN(registry) {
  registry.add_bolt<example::UppercaseBolt>({
      .class_name = "com.example.UppercaseBolt",
      .description = "upper-cases a string field; drops words shorter than min.length",
  });
  registry.add_grouping<example::FirstLetterGrouping>({
      .class_name = "com.example.FirstLetterGrouping",
      .description = "words with the same first letter go to the same task",
  });
}
