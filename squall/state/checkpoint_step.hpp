#pragma once
// What every task does with a $checkpoint tuple, bolt or spout alike: read its step (txid,
// action), run it, and on success send it on anchored to the input (Storm's
// CheckpointTupleForwarder); a tuple that is not a step, or a step that fails, is reported and
// failed, so the checkpoint spout recovers.

#include <cstdint>
#include <functional>
#include <optional>

#include "squall/api/output_collector.hpp"
#include "squall/state/checkpoint_state.hpp"

namespace squall::state {

/// A $checkpoint tuple's fields: (txid: int64, action: a name action_name() gives).
struct CheckpointStep {
  std::int64_t txid = 0;
  CheckpointAction action = CheckpointAction::prepare;
};

/// The step `input` carries; nullopt, reported and failed on `out`, when it carries none.
std::optional<CheckpointStep> read_checkpoint_step(const Tuple& input, OutputCollector& out);

/// Runs `step` with `run` (false or an exception fails it: reported, and `input` failed on `out`);
/// on success emits the step on $checkpoint anchored to `input` and returns true. Acking `input`
/// is the caller's.
bool carry_out_step(const Tuple& input, const CheckpointStep& step, OutputCollector& out,
                    const std::function<bool()>& run);

}  // namespace squall::state
