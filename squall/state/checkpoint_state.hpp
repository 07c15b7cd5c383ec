#pragma once
// The checkpoint spout's state machine: where the current checkpoint stands, what to send next,
// and where an ack moves it (Storm's CheckPointState, storm-client's
// org/apache/storm/spout/CheckPointState.java; docs/state.md has the table).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace squall::state {

/// What a checkpoint tuple asks of the bolts (the tuple's "action" field, Storm's names).
enum class CheckpointAction { prepare, commit, rollback, initstate };

/// "PREPARE", "COMMIT", "ROLLBACK", "INITSTATE".
std::string_view action_name(CheckpointAction action) noexcept;
/// The action of a name action_name gives, or nullopt.
std::optional<CheckpointAction> action_of(std::string_view name) noexcept;

/// Where checkpoint `txid` stands. Starts at (0, committed).
struct CheckpointState {
  enum class Phase { committed, preparing, committing };
  std::int64_t txid = 0;
  Phase phase = Phase::committed;

  /// What to send for this state. Recovering (at start-up, or after a checkpoint tuple failed):
  /// committed → INITSTATE, preparing → ROLLBACK, committing → COMMIT (rolled forward); otherwise
  /// committed → PREPARE (of txid + 1, see next), preparing → PREPARE, committing → COMMIT.
  CheckpointAction next_action(bool recovering) const noexcept;
  /// The state once the tuple of next_action() is acked. Recovering: preparing(t) →
  /// committed(t - 1), committing(t) → committed(t), committed stays; otherwise committed(t) →
  /// preparing(t + 1), preparing(t) → committing(t), committing(t) → committed(t).
  CheckpointState next_state(bool recovering) const noexcept;

  /// "txid phase" for the store; from_text throws StateError for anything else.
  std::string to_text() const;
  static CheckpointState from_text(std::string_view text);
  friend bool operator==(const CheckpointState&, const CheckpointState&) = default;
};

}  // namespace squall::state
