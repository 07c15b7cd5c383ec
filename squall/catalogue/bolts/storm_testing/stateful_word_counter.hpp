#pragma once
// org.apache.storm.flux.examples.StatefulWordCounter: counts the string in field 0 of each input
// in its checkpointed state and emits (word, count) anchored to it. Storm's Flux example, kept so
// that its topologies run unchanged (docs/state.md).

#include "squall/api/state/stateful_bolt.hpp"

namespace squall::bolts {

class StatefulWordCounter : public StatefulBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void init_state(KeyValueState& state) override { counts_ = &state; }
  /// Fails the input (TypeMismatchError, reported) when field 0 is not a string.
  void execute(const Tuple& input) override;

 private:
  OutputCollector* collector_ = nullptr;
  KeyValueState* counts_ = nullptr;
};

}  // namespace squall::bolts
