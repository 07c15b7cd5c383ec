#include "squall/catalogue/bolts/storm_testing/test_word_counter.hpp"

#include "squall/api/output_fields_declarer.hpp"

namespace squall::bolts {

void TestWordCounter::declare_output_fields(OutputFieldsDeclarer& declarer) const { declarer.declare({"word", "count"}); }

void TestWordCounter::execute(const Tuple& input, BasicOutputCollector& collector) {
  const std::string& word = input.get_string(0);
  std::int64_t count = ++counts_[word];
  collector.emit({word, count});
}

}  // namespace squall::bolts
