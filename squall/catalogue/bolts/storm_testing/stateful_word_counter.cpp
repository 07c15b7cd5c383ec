#include "squall/catalogue/bolts/storm_testing/stateful_word_counter.hpp"

namespace squall::bolts {

void StatefulWordCounter::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare({"word", "count"});
}

void StatefulWordCounter::prepare(const TopologyContext& context, OutputCollector& collector) {
  (void)context;
  collector_ = &collector;
}

void StatefulWordCounter::execute(const Tuple& input) {
  const std::string& word = input.get_string(0);
  std::int64_t count = counts_->get(word, std::int64_t{0}).as_int() + 1;
  counts_->put(word, count);
  collector_->emit(input, {word, count});
  collector_->ack(input);
}

}  // namespace squall::bolts
