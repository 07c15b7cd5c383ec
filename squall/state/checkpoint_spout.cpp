#include "squall/state/checkpoint_spout.hpp"

#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/api/errors.hpp"
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
  config_ = context.config();
  scope_ = StateScope{context.topology_name(), context.component_id(), context.task_id()};
  check_state_settings(config_);
  last_checkpoint_ = std::chrono::steady_clock::now();
}

bool CheckpointSpout::load() {
  if (store_) return true;
  try {
    auto store = open_state_backend(config_, scope_);
    if (auto text = store->get(kStateKey)) state_ = CheckpointState::from_text(*text);
    saves_ = store->committed_txid().value_or(0);
    store_ = std::move(store);
    spdlog::info("[{}] checkpoint spout: recovering from checkpoint {} ({})", scope_.topology, state_.txid,
                 state_.to_text());
    return true;
  } catch (const StateError& e) {
    // The store is not there yet (a server starting): no checkpoint until it is; tried again.
    if (std::chrono::steady_clock::now() - last_warning_ > std::chrono::seconds(10)) {
      spdlog::warn("[{}] checkpoint spout: {}; checkpoints wait for the state store", scope_.topology, e.what());
      last_warning_ = std::chrono::steady_clock::now();
    }
    return false;
  }
}

void CheckpointSpout::next_tuple() {
  if (in_progress_ || !load()) return;
  if (recovering_) {
    auto action = state_.next_action(true);
    if (exactly_once_ && action == CheckpointAction::initstate && !rolled_back_) action = CheckpointAction::rollback;
    emit(action);
    return;
  }
  if (state_.phase == CheckpointState::Phase::committed) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_checkpoint_ < interval_) return;
    last_checkpoint_ = now;
    // committed(t) → preparing(t + 1), saved before PREPARE goes; a store that fails now is
    // tried again at the next interval.
    if (!save(state_.next_state(false))) return;
  }
  emit(state_.next_action(false));
}

void CheckpointSpout::emit(CheckpointAction action) {
  in_progress_ = true;
  sent_ = action;
  collector_->emit(kCheckpointStream, {state_.txid, std::string(action_name(action))}, state_.txid);
}

void CheckpointSpout::ack(const MessageId& id) {
  if (!id.is_int() || id.as_int() != state_.txid) {
    spdlog::warn("checkpoint spout: ack of checkpoint {} while at {}", id.to_string(), state_.to_text());
    in_progress_ = false;
    return;
  }
  in_progress_ = false;
  if (recovering_ && sent_ == CheckpointAction::rollback) {
    rolled_back_ = true;
    if (state_.phase == CheckpointState::Phase::committed) return;  // exactly-once's extra ROLLBACK: INITSTATE next
  }
  CheckpointState next = state_.next_state(recovering_);
  if (recovering_ && next == state_) {  // INITSTATE done: recovered
    recovering_ = false;
    rolled_back_ = false;
  } else if (!save(next)) {
    recovering_ = true;  // not saved: the step is redone from what is saved
  }
  // The interval runs from the end of a checkpoint (Flink's minimum pause between checkpoints):
  // a checkpoint that takes longer than the interval must not be followed at once by the next,
  // or the topology never has a moment without one in flight, and a finite run never ends.
  if (state_.phase == CheckpointState::Phase::committed) last_checkpoint_ = std::chrono::steady_clock::now();
}

void CheckpointSpout::fail(const MessageId& id) {
  if (!recovering_)
    spdlog::warn("checkpoint spout: checkpoint {} ({}) failed; recovering", id.to_string(), state_.to_text());
  recovering_ = true;
  rolled_back_ = false;
  in_progress_ = false;
}

bool CheckpointSpout::save(CheckpointState next) {
  // One-phase: the spout's own state is one entry, committed at once under its own counter.
  try {
    store_->prepare(saves_ + 1, {{std::string(kStateKey), next.to_text()}});
    store_->commit(saves_ + 1);
  } catch (const StateError& e) {
    spdlog::warn("[{}] checkpoint spout: cannot save {}: {}", scope_.topology, next.to_text(), e.what());
    return false;
  }
  ++saves_;
  state_ = next;
  return true;
}

}  // namespace squall::state
