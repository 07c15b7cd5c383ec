#include "squall/state/checkpoint_spout.hpp"

#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/state/state_provider.hpp"

namespace squall::state {

namespace {
constexpr std::string_view kStateKey = "state";
}

void CheckpointSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare_stream(kCheckpointStream, {"txid", "action"});
}

void CheckpointSpout::open(const TopologyContext& context, SpoutOutputCollector& collector) {
  collector_ = &collector;
  interval_ = std::chrono::milliseconds(context.config().get(config_keys::kCheckpointIntervalMs));
  store_ = open_state_backend(context.config(), StateScope{context.topology_name(), context.component_id(),
                                                           context.task_id()});
  if (auto text = store_->get(kStateKey)) state_ = CheckpointState::from_text(*text);
  saves_ = store_->committed_txid().value_or(0);
  last_checkpoint_ = std::chrono::steady_clock::now();
  spdlog::info("[{}] checkpoint spout: recovering from checkpoint {} ({})", context.topology_name(), state_.txid,
               state_.to_text());
}

void CheckpointSpout::next_tuple() {
  if (in_progress_) return;
  if (recovering_) {
    emit(state_.next_action(true));
    return;
  }
  if (state_.phase == CheckpointState::Phase::committed) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_checkpoint_ < interval_) return;
    last_checkpoint_ = now;
    save(state_.next_state(false));  // committed(t) → preparing(t + 1), saved before PREPARE goes
  }
  emit(state_.next_action(false));
}

void CheckpointSpout::emit(CheckpointAction action) {
  in_progress_ = true;
  collector_->emit(kCheckpointStream, {state_.txid, std::string(action_name(action))}, state_.txid);
}

void CheckpointSpout::ack(const MessageId& id) {
  if (!id.is_int() || id.as_int() != state_.txid) {
    spdlog::warn("checkpoint spout: ack of checkpoint {} while at {}", id.to_string(), state_.to_text());
    in_progress_ = false;
    return;
  }
  CheckpointState next = state_.next_state(recovering_);
  if (recovering_ && next == state_) recovering_ = false;  // INITSTATE done: recovered
  else save(next);
  in_progress_ = false;
}

void CheckpointSpout::fail(const MessageId& id) {
  if (!recovering_)
    spdlog::warn("checkpoint spout: checkpoint {} ({}) failed; recovering", id.to_string(), state_.to_text());
  recovering_ = true;
  in_progress_ = false;
}

void CheckpointSpout::save(CheckpointState next) {
  // One-phase: the spout's own state is one entry, committed at once under its own counter.
  ++saves_;
  store_->prepare(saves_, {{std::string(kStateKey), next.to_text()}});
  store_->commit(saves_);
  state_ = next;
}

}  // namespace squall::state
