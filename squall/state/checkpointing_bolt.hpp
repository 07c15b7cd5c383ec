#pragma once
// What the runtime wraps every bolt of a topology with stateful bolts in: it forwards checkpoint
// tuples once they came from every input task (Storm's CheckpointTupleForwarder) and, for a
// StatefulBolt, runs the checkpoint's steps on its state (Storm's StatefulBoltExecutor).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/state/stateful_bolt.hpp"
#include "squall/state/checkpoint_barrier.hpp"
#include "squall/state/checkpointed_state.hpp"
#include "squall/state/holding_collector.hpp"
#include "squall/state/state_provider.hpp"

namespace squall::state {

class CheckpointingBolt final : public Bolt {
 public:
  /// `checkpoint_sources`: the components that send this bolt checkpoint tuples (the checkpoint
  /// spout for a bolt fed by spouts, and each input bolt).
  CheckpointingBolt(std::unique_ptr<Bolt> inner, std::vector<std::string> checkpoint_sources);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Prepares the bolt, a StatefulBolt with a collector that holds its acks. Its state is opened
  /// at the first INITSTATE (a provider that does not answer fails that step, which is retried).
  /// Throws TopologyError for bad state settings.
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  void cleanup() override { inner_->cleanup(); }
  int poll_fd() const override { return inner_->poll_fd(); }
  void poll() override { inner_->poll(); }
  Config component_configuration() const override { return inner_->component_configuration(); }

  const Bolt& inner() const noexcept { return *inner_; }

 private:
  void on_checkpoint(const Tuple& input);
  /// Runs one step on the state; false when the step must fail (PREPARE before INITSTATE).
  bool run_step(std::int64_t txid, CheckpointAction action);

  std::unique_ptr<Bolt> inner_;
  StatefulBolt* stateful_;  // inner_, when it is one
  std::vector<std::string> checkpoint_sources_;
  std::optional<CheckpointBarrier> barrier_;
  OutputCollector* out_ = nullptr;
  std::optional<HoldingCollector> holding_;
  Config config_;
  StateScope scope_;
  std::unique_ptr<CheckpointedState> state_;
  bool initialized_ = false;
  std::vector<Tuple> waiting_;  // inputs that came before INITSTATE
  std::string name_;
};

}  // namespace squall::state
