#pragma once
// Errors of user code (exceptions from spouts and bolts, report_error), logged with the component
// and task, rate-limited, and counted in the task's metrics.

#include <exception>
#include <string_view>

#include "squall/api/log_throttle.hpp"
#include "squall/runtime/run/run_state.hpp"

namespace squall::runtime {

/// One per executor: its tasks' user errors share one log budget (LogThrottle), so user code that
/// throws on every call (a config value that breaks next_tuple) cannot write millions of lines;
/// the task's `errors` counter still counts each.
class UserErrors {
 public:
  explicit UserErrors(RunState& run) : run_(run) {}
  /// `where` threw `e` in task `task` ("execute([1, a])", "next_tuple", "ack", ...).
  void thrown(int task, std::string_view where, const std::exception& e);
  /// Task `task` of kind `kind` ("spout", "bolt") called report_error(message).
  void reported(int task, std::string_view kind, std::string_view message);

 private:
  RunState& run_;
  LogThrottle log_;
};

}  // namespace squall::runtime
