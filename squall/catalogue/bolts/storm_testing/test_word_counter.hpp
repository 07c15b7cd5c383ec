#pragma once
// org.apache.storm.testing.TestWordCounter: counts the string in field 0 of each input and emits
// (word, count) anchored to it. Storm's stock test bolt, kept so Flux topologies run unchanged.

#include <string>
#include <unordered_map>

#include "squall/api/bolt.hpp"

namespace squall::bolts {

class TestWordCounter : public BasicBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Throws TypeMismatchError (failing the input) when field 0 is not a string.
  void execute(const Tuple& input, BasicOutputCollector& collector) override;

 private:
  std::unordered_map<std::string, std::int64_t> counts_;
};

}  // namespace squall::bolts
