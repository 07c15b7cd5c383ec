#pragma once
// A bolt that records every tuple it receives into a shared CapturedTuples and acks it.

#include <memory>

#include "squall/api/bolt.hpp"
#include "squall/testing/captured_tuples.hpp"

namespace squall::testing {

/// Subscribe it to the streams to observe; each task records into the same `captured` (one
/// process: the test's). Tick tuples are acked, not recorded.
class CapturingBolt : public BasicBolt {
 public:
  explicit CapturingBolt(std::shared_ptr<CapturedTuples> captured) : captured_(std::move(captured)) {}
  void declare_output_fields(OutputFieldsDeclarer&) const override {}
  void execute(const Tuple& input, BasicOutputCollector&) override {
    if (!input.is_tick()) captured_->add(input);
  }

 private:
  std::shared_ptr<CapturedTuples> captured_;
};

}  // namespace squall::testing
