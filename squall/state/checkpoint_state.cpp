#include "squall/state/checkpoint_state.hpp"

#include <charconv>

#include <fmt/format.h>

#include "squall/api/errors.hpp"

namespace squall::state {

namespace {
constexpr std::string_view kActionNames[] = {"PREPARE", "COMMIT", "ROLLBACK", "INITSTATE"};
constexpr std::string_view kPhaseNames[] = {"COMMITTED", "PREPARING", "COMMITTING"};
}  // namespace

std::string_view action_name(CheckpointAction action) noexcept { return kActionNames[static_cast<int>(action)]; }

std::optional<CheckpointAction> action_of(std::string_view name) noexcept {
  for (int i = 0; i < 4; ++i)
    if (kActionNames[i] == name) return static_cast<CheckpointAction>(i);
  return std::nullopt;
}

CheckpointAction CheckpointState::next_action(bool recovering) const noexcept {
  switch (phase) {
    case Phase::preparing: return recovering ? CheckpointAction::rollback : CheckpointAction::prepare;
    case Phase::committing: return CheckpointAction::commit;
    case Phase::committed: break;
  }
  return recovering ? CheckpointAction::initstate : CheckpointAction::prepare;
}

CheckpointState CheckpointState::next_state(bool recovering) const noexcept {
  switch (phase) {
    case Phase::preparing:
      return recovering ? CheckpointState{txid - 1, Phase::committed} : CheckpointState{txid, Phase::committing};
    case Phase::committing: return {txid, Phase::committed};
    case Phase::committed: break;
  }
  return recovering ? *this : CheckpointState{txid + 1, Phase::preparing};
}

std::string CheckpointState::to_text() const { return fmt::format("{} {}", txid, kPhaseNames[static_cast<int>(phase)]); }

CheckpointState CheckpointState::from_text(std::string_view text) {
  auto space = text.find(' ');
  CheckpointState s;
  if (space != std::string_view::npos) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + space, s.txid);
    std::string_view phase = text.substr(space + 1);
    if (ec == std::errc() && end == text.data() + space)
      for (int i = 0; i < 3; ++i)
        if (kPhaseNames[i] == phase) {
          s.phase = static_cast<Phase>(i);
          return s;
        }
  }
  throw StateError(fmt::format("the checkpoint spout's stored state '{}' is not 'TXID COMMITTED|PREPARING|COMMITTING'",
                               text));
}

}  // namespace squall::state
