#pragma once
// The spout that drives checkpoints (Storm's CheckpointSpout): every
// topology.state.checkpoint.interval.ms it sends PREPARE, then COMMIT once PREPARE's tuple tree
// is acked, on the $checkpoint stream; after a failure, or at start-up, it recovers with
// ROLLBACK, COMMIT or INITSTATE (CheckpointState). Its own state is kept by the state provider.

#include <chrono>
#include <memory>

#include "squall/api/spout.hpp"
#include "squall/state/checkpoint_state.hpp"
#include "squall/state/state_backend.hpp"
#include "squall/state/state_provider.hpp"

namespace squall::state {

class CheckpointSpout final : public Spout {
 public:
  /// `exactly_once`: every recovery starts with a ROLLBACK, also from a committed checkpoint, so
  /// that every spout rewinds to it and every bolt drops what it did since (a restarted worker's
  /// tuples were acked and are not replayed by id).
  explicit CheckpointSpout(bool exactly_once = false) : exactly_once_(exactly_once) {}
  /// Declares $checkpoint with fields (txid: int64, action: string), Storm's.
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Checks the state settings (TopologyError). The provider is opened, and the last saved state
  /// loaded, at the first next_tuple() it answers: a store still down only delays checkpoints.
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  /// Never the reason a finite run goes on: a run ends when the other spouts are exhausted and
  /// nothing is pending (their inputs' acks wait for a COMMIT, so their state is committed then).
  bool exhausted() const override { return true; }

  const CheckpointState& current() const noexcept { return state_; }
  bool recovering() const noexcept { return recovering_; }

 private:
  /// Opens the store and loads the saved state, once; false while the store does not answer.
  bool load();
  void emit(CheckpointAction action);
  /// Saves `next` and moves to it; false (logged) when the store fails.
  bool save(CheckpointState next);

  SpoutOutputCollector* collector_ = nullptr;
  Config config_;
  StateScope scope_;
  std::unique_ptr<StateBackend> store_;
  std::chrono::steady_clock::time_point last_warning_{};
  CheckpointState state_;
  bool recovering_ = true;  // Storm's: a (re)started checkpoint spout first recovers
  bool exactly_once_;
  bool rolled_back_ = false;  // this recovery's ROLLBACK went through
  CheckpointAction sent_ = CheckpointAction::initstate;
  bool in_progress_ = false;
  std::int64_t saves_ = 0;
  std::chrono::milliseconds interval_{1000};
  std::chrono::steady_clock::time_point last_checkpoint_;
};

}  // namespace squall::state
