#include "squall/state/checkpoint_step.hpp"

#include <fmt/format.h>

#include "squall/api/stream_ids.hpp"

namespace squall::state {

std::optional<CheckpointStep> read_checkpoint_step(const Tuple& input, OutputCollector& out) {
  std::optional<CheckpointAction> action;
  std::int64_t txid = 0;
  try {
    txid = input.get_int(0);
    action = action_of(input.get_string(1));
  } catch (const std::exception&) {
  }
  if (action) return CheckpointStep{txid, *action};
  out.report_error(fmt::format("a checkpoint tuple is not (txid, PREPARE|COMMIT|ROLLBACK|INITSTATE): {}",
                               to_string(input.values())));
  out.fail(input);
  return std::nullopt;
}

bool carry_out_step(const Tuple& input, const CheckpointStep& step, OutputCollector& out,
                    const std::function<bool()>& run) {
  bool ok = false;
  try {
    ok = run();
  } catch (const std::exception& e) {
    out.report_error(fmt::format("checkpoint {} {} failed: {}", step.txid, action_name(step.action), e.what()));
  }
  if (!ok) {
    out.fail(input);
    return false;
  }
  out.emit(kCheckpointStream, input, {step.txid, std::string(action_name(step.action))});
  return true;
}

}  // namespace squall::state
