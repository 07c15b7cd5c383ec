#include "squall/state/checkpointing_bolt.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/stream_ids.hpp"
#include "squall/state/checkpoint_step.hpp"

namespace squall::state {

CheckpointingBolt::CheckpointingBolt(std::unique_ptr<Bolt> inner, std::vector<std::string> checkpoint_sources,
                                     bool exactly_once)
    : inner_(std::move(inner)),
      stateful_(stateful_part(inner_.get())),
      checkpoint_sources_(std::move(checkpoint_sources)),
      exactly_once_(exactly_once) {}

void CheckpointingBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  inner_->declare_output_fields(declarer);
  declarer.declare_stream(kCheckpointStream, {"txid", "action"});
}

void CheckpointingBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  name_ = fmt::format("[{}] bolt {} (task {})", context.topology_name(), context.component_id(), context.task_id());
  // A copy of each checkpoint comes from every task that sends this one $checkpoint: all tasks of
  // the sources, or those of the executor this bolt is chained to.
  int inputs = 0;
  for (const auto& source : checkpoint_sources_) inputs += static_cast<int>(context.source_tasks(source).size());
  inputs = std::max(inputs, 1);
  if (exactly_once_) alignment_.emplace(inputs);
  else barrier_.emplace(inputs);
  out_ = &collector;
  if (!stateful_) {
    inner_->prepare(context, collector);
    return;
  }
  config_ = context.config();
  scope_ = StateScope{context.topology_name(), context.component_id(), context.task_id()};
  check_state_settings(config_);
  if (exactly_once_) {
    inner_->prepare(context, collector);  // a failure rewinds the spouts: no ack needs holding
  } else {
    holding_.emplace(collector);
    inner_->prepare(context, *holding_);
  }
}

void CheckpointingBolt::execute(const Tuple& input) {
  if (input.source_stream() == kCheckpointStream) return on_checkpoint(input);
  if (alignment_) {
    switch (alignment_->route(input.source_task())) {
      case BarrierAlignment::Route::hold: return alignment_->hold(input);
      case BarrierAlignment::Route::drop: return out_->ack(input);  // sent before the rewind: sent again
      case BarrierAlignment::Route::process: break;
    }
  }
  process(input, false);
}

void CheckpointingBolt::process(const Tuple& input, bool from_buffer) {
  if (stateful_ && !initialized_) {
    waiting_.push_back(input);
    return;
  }
  if (!from_buffer) return inner_->execute(input);
  try {
    inner_->execute(input);
  } catch (const std::exception& e) {  // as the executor does for an input's exception
    out_->report_error(fmt::format("execute failed: {}", e.what()));
    out_->fail(input);
  }
}

void CheckpointingBolt::on_checkpoint(const Tuple& input) {
  auto step = read_checkpoint_step(input, *out_);
  if (!step) return;
  if (barrier_) {
    if (!barrier_->arrive(step->txid, step->action)) return out_->ack(input);  // more copies to come
    return complete_step(input, *step);
  }
  std::vector<Tuple> released;
  bool aligned = alignment_->arrive(input.source_task(), step->txid, step->action, released);
  for (const auto& t : released) process(t, true);  // of an abandoned checkpoint: before this one
  if (!aligned) return out_->ack(input);
  // A ROLLBACK is aligned: whatever waited for INITSTATE was sent before the spouts rewound.
  if (step->action == CheckpointAction::rollback) {
    for (const auto& t : waiting_) out_->ack(t);
    waiting_.clear();
  }
  complete_step(input, *step);
  for (const auto& t : alignment_->finish()) process(t, true);
}

void CheckpointingBolt::complete_step(const Tuple& input, const CheckpointStep& step) {
  if (carry_out_step(input, step, *out_, [&] { return run_step(step.txid, step.action); })) out_->ack(input);
}

bool CheckpointingBolt::run_step(std::int64_t txid, CheckpointAction action) {
  if (!stateful_) return true;
  // Opened at the first step that needs it, not in prepare(): a store still down fails that step,
  // and the checkpoint spout sends it again until the store answers.
  auto open = [&] {
    if (!state_) state_ = std::make_unique<CheckpointedState>(open_state_backend(config_, scope_));
  };
  switch (action) {
    case CheckpointAction::prepare:
      // A task restarted since the last INITSTATE has no state yet: failing makes the spout recover.
      if (!initialized_) return false;
      stateful_->pre_prepare(txid);
      state_->prepare(txid);
      if (holding_) holding_->prepared();
      return true;
    case CheckpointAction::commit:  // also recovery rolling a prepared checkpoint forward
      open();
      if (initialized_) stateful_->pre_commit(txid);
      state_->commit(txid);
      if (holding_) holding_->committed();
      return true;
    case CheckpointAction::rollback:
      open();
      if (initialized_) stateful_->pre_rollback();
      state_->rollback();
      if (holding_) holding_->rolled_back();
      return true;
    case CheckpointAction::initstate:
      if (initialized_) return true;  // a worker that did not fail keeps its state (Storm's)
      open();
      // INITSTATE means txid is the committed checkpoint: what is prepared beyond it never will be.
      state_->rollback();
      stateful_->init_state(*state_);
      initialized_ = true;
      spdlog::debug("{}: state initialized at checkpoint {}; {} waiting inputs", name_, txid, waiting_.size());
      for (const auto& t : std::exchange(waiting_, {})) process(t, true);
      return true;
  }
  return false;
}

}  // namespace squall::state
