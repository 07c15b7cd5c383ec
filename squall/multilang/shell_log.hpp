#pragma once
// A child's "log" and "metrics" messages, written to squall's log.

#include <string>

#include <nlohmann/json.hpp>

namespace squall::multilang {

/// Logs a "log" command's "msg" under `child` ("split:3 (pid 12, ...)") at its "level": Storm's
/// levels 0 trace, 1 debug, 2 info (the default), 3 warn, 4 error.
void log_child_message(const std::string& child, const nlohmann::json& message);
/// Logs a "metrics" command ("name", "params") at debug: squall has no user metric registry yet.
void log_child_metrics(const std::string& child, const nlohmann::json& message);

}  // namespace squall::multilang
