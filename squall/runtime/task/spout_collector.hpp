#pragma once
// The SpoutOutputCollector of one spout task: routes emits and has those with a message id tracked.

#include "squall/api/spout.hpp"
#include "squall/runtime/task/emitter.hpp"
#include "squall/runtime/task/root_tracker.hpp"
#include "squall/runtime/task/task.hpp"
#include "squall/runtime/task/user_errors.hpp"

namespace squall::runtime {

class SpoutCollector final : public SpoutOutputCollector {
 public:
  SpoutCollector(Emitter& emitter, RootTracker& tracker, Task& task, UserErrors& errors)
      : emitter_(emitter), tracker_(tracker), task_(task), errors_(errors) {}

  std::span<const int> emit(std::string_view stream, Values values, MessageId id) override;
  void emit_direct(int task, std::string_view stream, Values values, MessageId id) override;
  void report_error(std::string_view message) override { errors_.reported(task_.id, "spout", message); }

  /// Emits so far: the executor compares it around next_tuple() to see whether the call emitted.
  std::uint64_t emits() const noexcept { return emits_; }

 private:
  void deliver(const StreamRoute& route, std::span<const int> targets, Values values, MessageId id);

  Emitter& emitter_;
  RootTracker& tracker_;
  Task& task_;
  UserErrors& errors_;
  std::uint64_t emits_ = 0;
  std::vector<std::uint64_t> edges_;
};

}  // namespace squall::runtime
