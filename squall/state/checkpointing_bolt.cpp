#include "squall/state/checkpointing_bolt.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/state/state_provider.hpp"

namespace squall::state {

CheckpointingBolt::CheckpointingBolt(std::unique_ptr<Bolt> inner, std::vector<std::string> checkpoint_sources)
    : inner_(std::move(inner)),
      stateful_(dynamic_cast<StatefulBolt*>(inner_.get())),
      checkpoint_sources_(std::move(checkpoint_sources)) {}

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
  barrier_.emplace(std::max(inputs, 1));
  out_ = &collector;
  if (!stateful_) {
    inner_->prepare(context, collector);
    return;
  }
  config_ = context.config();
  scope_ = StateScope{context.topology_name(), context.component_id(), context.task_id()};
  check_state_settings(config_);
  holding_.emplace(collector);
  inner_->prepare(context, *holding_);
}

void CheckpointingBolt::execute(const Tuple& input) {
  if (input.source_stream() == kCheckpointStream) {
    on_checkpoint(input);
    return;
  }
  if (stateful_ && !initialized_) {
    waiting_.push_back(input);
    return;
  }
  inner_->execute(input);
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
  if (!barrier_->arrive(txid, *action)) {  // more copies to come: this one is done
    out_->ack(input);
    return;
  }
  bool ok = false;
  try {
    ok = run_step(txid, *action);
  } catch (const std::exception& e) {
    out_->report_error(fmt::format("checkpoint {} {} failed: {}", txid, action_name(*action), e.what()));
  }
  if (!ok) {
    out_->fail(input);
    return;
  }
  out_->emit(kCheckpointStream, input, {txid, std::string(action_name(*action))});
  out_->ack(input);
}

bool CheckpointingBolt::run_step(std::int64_t txid, CheckpointAction action) {
  if (!stateful_) return true;
  switch (action) {
    case CheckpointAction::prepare:
      // A task restarted since the last INITSTATE has no state yet: failing makes the spout recover.
      if (!initialized_) return false;
      stateful_->pre_prepare(txid);
      state_->prepare(txid);
      holding_->prepared();
      return true;
    case CheckpointAction::commit:
      stateful_->pre_commit(txid);
      state_->commit(txid);
      holding_->committed();
      return true;
    case CheckpointAction::rollback:
      stateful_->pre_rollback();
      state_->rollback();
      holding_->rolled_back();
      return true;
    case CheckpointAction::initstate:
      if (initialized_) return true;  // a worker that did not fail keeps its state (Storm's)
      // Opened here, not in prepare(): a store still down fails this step, and the checkpoint
      // spout sends INITSTATE again until it answers.
      if (!state_) state_ = std::make_unique<CheckpointedState>(open_state_backend(config_, scope_));
      // INITSTATE means txid is the committed checkpoint: what is prepared beyond it never will be.
      state_->rollback();
      stateful_->init_state(*state_);
      initialized_ = true;
      spdlog::debug("{}: state initialized at checkpoint {}; {} waiting inputs", name_, txid, waiting_.size());
      for (auto& t : waiting_) {
        try {
          inner_->execute(t);
        } catch (const std::exception& e) {  // as the executor does for an input's exception
          out_->report_error(fmt::format("execute failed: {}", e.what()));
          out_->fail(t);
        }
      }
      waiting_.clear();
      return true;
  }
  return false;
}

}  // namespace squall::state
