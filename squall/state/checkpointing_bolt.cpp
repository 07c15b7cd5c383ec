#include "squall/state/checkpointing_bolt.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/stream_ids.hpp"

namespace squall::state {

CheckpointingBolt::CheckpointingBolt(std::unique_ptr<Bolt> inner, std::vector<std::string> checkpoint_sources,
                                     bool exactly_once)
    : inner_(std::move(inner)),
      stateful_(dynamic_cast<StatefulBolt*>(inner_.get())),
      checkpoint_sources_(std::move(checkpoint_sources)),
      exactly_once_(exactly_once) {}

void CheckpointingBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  inner_->declare_output_fields(declarer);
  declarer.declare_stream(kCheckpointStream, {"txid", "action"});
}

void CheckpointingBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  name_ = fmt::format("[{}] bolt {} (task {})", context.topology_name(), context.component_id(), context.task_id());
  int inputs = 0;
  for (const auto& [task, component] : context.task_to_component())
    if (std::find(checkpoint_sources_.begin(), checkpoint_sources_.end(), component) != checkpoint_sources_.end())
      ++inputs;
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
  std::int64_t txid = 0;
  std::optional<CheckpointAction> action;
  try {
    txid = input.get_int(0);
    action = action_of(input.get_string(1));
  } catch (const std::exception&) {
  }
  if (!action) {
    out_->report_error(fmt::format("a checkpoint tuple is not (txid, PREPARE|COMMIT|ROLLBACK|INITSTATE): {}",
                                   to_string(input.values())));
    out_->fail(input);
    return;
  }
  if (barrier_) {
    if (!barrier_->arrive(txid, *action)) return out_->ack(input);  // more copies to come
    return complete_step(input, txid, *action);
  }
  std::vector<Tuple> released;
  bool aligned = alignment_->arrive(input.source_task(), txid, *action, released);
  for (const auto& t : released) process(t, true);  // of an abandoned checkpoint: before this one
  if (!aligned) return out_->ack(input);
  // A ROLLBACK is aligned: whatever waited for INITSTATE was sent before the spouts rewound.
  if (*action == CheckpointAction::rollback) {
    for (const auto& t : waiting_) out_->ack(t);
    waiting_.clear();
  }
  complete_step(input, txid, *action);
  for (const auto& t : alignment_->finish()) process(t, true);
}

void CheckpointingBolt::complete_step(const Tuple& input, std::int64_t txid, CheckpointAction action) {
  bool ok = false;
  try {
    ok = run_step(txid, action);
  } catch (const std::exception& e) {
    out_->report_error(fmt::format("checkpoint {} {} failed: {}", txid, action_name(action), e.what()));
  }
  if (!ok) return out_->fail(input);
  out_->emit(kCheckpointStream, input, {txid, std::string(action_name(action))});
  out_->ack(input);
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
