#pragma once
// The OutputCollector of one bolt task: routes emits, anchors them to their inputs, and reports
// acks and fails to the ackers of the inputs' roots.

#include "squall/api/bolt.hpp"
#include "squall/runtime/task/emitter.hpp"
#include "squall/runtime/task/task.hpp"
#include "squall/runtime/task/user_errors.hpp"

namespace squall::runtime {

class BoltCollector final : public OutputCollector {
 public:
  BoltCollector(Emitter& emitter, Task& task, UserErrors& errors) : emitter_(emitter), task_(task), errors_(errors) {}

  std::span<const int> emit(std::string_view stream, std::span<const Tuple> anchors, Values values) override;
  void emit_direct(int task, std::string_view stream, std::span<const Tuple> anchors, Values values) override;
  /// Tick and checkpoint tuples (system streams __tick, $checkpoint) are not counted as acked or
  /// failed, as Storm's UI leaves system streams out of a component's figures.
  void ack(const Tuple& input) override;
  void fail(const Tuple& input) override;
  void reset_timeout(const Tuple& input) override;
  void report_error(std::string_view message) override { errors_.reported(task_.id, "bolt", message); }

 private:
  void deliver(const StreamRoute& route, std::span<const int> targets, std::span<const Tuple> anchors, Values values);
  /// With acking on, calls `report(root, value)` for each root of `input` (acking::for_each_root).
  template <typename Report>
  void tell_ackers(const Tuple& input, Report report);

  Emitter& emitter_;
  Task& task_;
  UserErrors& errors_;
};

}  // namespace squall::runtime
