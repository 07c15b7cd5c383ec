#pragma once
// What the runtime wraps every bolt of a topology with stateful bolts in: it forwards checkpoint
// tuples once they came from every input task (Storm's CheckpointTupleForwarder) and, for a
// StatefulBolt, runs the checkpoint's steps on its state (Storm's StatefulBoltExecutor). In an
// exactly-once topology it also aligns the inputs at each checkpoint (BarrierAlignment) and
// passes acks through; otherwise a stateful bolt's acks wait for COMMIT (HoldingCollector).

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/state/stateful_bolt.hpp"
#include "squall/state/barrier_alignment.hpp"
#include "squall/state/checkpoint_barrier.hpp"
#include "squall/state/checkpoint_step.hpp"
#include "squall/state/checkpointed_state.hpp"
#include "squall/state/holding_collector.hpp"
#include "squall/state/state_provider.hpp"

namespace squall::state {

class CheckpointingBolt final : public Bolt {
 public:
  /// `checkpoint_sources`: the components that send this bolt checkpoint tuples (its inputs; for
  /// an at-least-once topology, the checkpoint spout in place of spouts).
  CheckpointingBolt(std::unique_ptr<Bolt> inner, std::vector<std::string> checkpoint_sources, bool exactly_once);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Prepares the bolt (a StatefulBolt in at-least-once mode with a collector that holds its
  /// acks). Its state is opened at the first INITSTATE (a provider that does not answer fails
  /// that step, which is retried). Throws TopologyError for bad state settings.
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  void cleanup() override { inner_->cleanup(); }
  int poll_fd() const override { return inner_->poll_fd(); }
  void poll() override { inner_->poll(); }
  Config component_configuration() const override { return inner_->component_configuration(); }

  const Bolt& inner() const noexcept { return *inner_; }

 private:
  void on_checkpoint(const Tuple& input);
  /// Acts on a checkpoint tuple that came from every input: runs the step, forwards or fails it.
  void complete_step(const Tuple& input, const CheckpointStep& step);
  /// Runs one step on the state; false when the step must fail (PREPARE before INITSTATE).
  bool run_step(std::int64_t txid, CheckpointAction action);
  /// A data tuple: to the bolt, or waiting for INITSTATE. Exceptions are the executor's for
  /// `input` itself; for one replayed from a buffer, reported and failed here.
  void process(const Tuple& input, bool from_buffer);

  std::unique_ptr<Bolt> inner_;
  StatefulBolt* stateful_;  // inner_, when it is one
  std::vector<std::string> checkpoint_sources_;
  bool exactly_once_;
  std::optional<CheckpointBarrier> barrier_;     // at-least-once
  std::optional<BarrierAlignment> alignment_;    // exactly-once
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
