#include "squall/runtime/task/spout_checkpointer.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/state/checkpoint_step.hpp"

namespace squall::runtime {

namespace {
const Value kPositionKey("position");
}

SpoutCheckpointer::SpoutCheckpointer(ReplayableSpout& spout, BoltCollector& out, const TopologyContext& context,
                                     std::function<void()> abandon_pending)
    : spout_(spout),
      out_(out),
      config_(context.config()),
      scope_{context.topology_name(), context.component_id(), context.task_id()},
      abandon_pending_(std::move(abandon_pending)),
      name_(fmt::format("[{}] spout {} (task {})", context.topology_name(), context.component_id(), context.task_id())) {
  state::check_state_settings(config_);
}

void SpoutCheckpointer::on_checkpoint(const Tuple& input) {
  auto step = state::read_checkpoint_step(input, out_);
  if (!step || !state::carry_out_step(input, *step, out_, [&] { return run(step->txid, step->action); })) return;
  // The PREPARE is in line with the tuples before it; its ack waits for them to complete.
  if (step->action == state::CheckpointAction::prepare) held_prepare_ = input;
  else out_.ack(input);
}

void SpoutCheckpointer::note_failure() {
  failed_ = true;
  if (held_prepare_) {
    spdlog::warn("{}: a tuple before checkpoint {} failed; rolling every task back", name_,
                 held_prepare_->get_int(0));
    out_.fail(*held_prepare_);
    held_prepare_.reset();
  }
}

void SpoutCheckpointer::settle(std::size_t pending) {
  if (held_prepare_ && pending == 0) {
    out_.ack(*held_prepare_);
    held_prepare_.reset();
  }
}

bool SpoutCheckpointer::caught_up() const {
  return ready_ && !failed_ && !held_prepare_ && spout_.position() == committed_position_;
}

void SpoutCheckpointer::tell_committed() {
  try {
    spout_.checkpoint_committed(committed_position_);
  } catch (const std::exception& e) {
    spdlog::error("{}: checkpoint_committed({}) threw: {}", name_, committed_position_.to_string(), e.what());
  }
}

void SpoutCheckpointer::rewind_to_committed() {
  // No committed position yet: the beginning (nil).
  committed_position_ = state_->get(kPositionKey).value_or(Value());
  spout_.rewind(committed_position_);
  abandon_pending_();
  failed_ = false;
  ready_ = true;
}

bool SpoutCheckpointer::run(std::int64_t txid, state::CheckpointAction action) {
  if (!state_) state_ = std::make_unique<state::CheckpointedState>(state::open_state_backend(config_, scope_));
  switch (action) {
    case state::CheckpointAction::prepare:
      if (!ready_) return false;  // restarted since the last INITSTATE: recovery first
      if (failed_) {
        spdlog::warn("{}: a tuple failed since the last checkpoint; rolling every task back to it", name_);
        return false;
      }
      state_->put(kPositionKey, spout_.position());
      state_->prepare(txid);
      return true;
    case state::CheckpointAction::commit:  // also recovery rolling a prepared checkpoint forward
      state_->commit(txid);
      committed_position_ = state_->get(kPositionKey).value_or(Value());
      tell_committed();
      return true;
    case state::CheckpointAction::rollback:
      if (held_prepare_) {  // the checkpoint it belonged to is being rolled back
        out_.fail(*held_prepare_);
        held_prepare_.reset();
      }
      state_->rollback();
      rewind_to_committed();
      spdlog::info("{}: rolled back and rewound to {}", name_, committed_position_.to_string());
      return true;
    case state::CheckpointAction::initstate:
      if (ready_) return true;  // rewound by the ROLLBACK before it, or never stopped
      state_->rollback();       // a prepared position beyond the committed one never will be
      rewind_to_committed();
      spdlog::info("{}: rewound to checkpoint {}", name_, txid);
      return true;
  }
  return false;
}

}  // namespace squall::runtime
