#pragma once
// The messages a bolt's child and a spout's child both send (Storm's multilang "emit", "log",
// "error", "metrics"), and how squall carries them out.

#include <functional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "squall/api/stream_ids.hpp"
#include "squall/multilang/json_values.hpp"
#include "squall/multilang/message_channel.hpp"

namespace squall::multilang {

/// Carries out a "log" (its "msg" logged under `child`, "split:3 (pid 12, ...)", at its "level":
/// Storm's 0 trace, 1 debug, 2 info (the default), 3 warn, 4 error), an "error" (its "msg" through
/// `report_error`) or a "metrics" message (logged at debug: squall has no user metric registry
/// yet). Returns false, doing nothing, for any other `command`.
bool carry_out_report(const std::string& child, const std::string& command, const nlohmann::json& message,
                      const std::function<void(std::string_view)>& report_error);

/// The protocol error for a command the receiving side does not know, quoting the message.
MultilangError unknown_command(const nlohmann::json& message);

/// "CHILD: emit rejected: ERROR (in MESSAGE)", the message cut at 200 characters: what is reported
/// for an emit that cannot be carried out.
std::string emit_rejected(const std::string& child, std::string_view error, const nlohmann::json& message);

/// Carries out an "emit": `emit(stream, values)`, or `emit_direct(task, stream, values)` when the
/// message names a "task"; the stream defaults to "default". Returns the receiving task ids, the
/// answer Storm's protocol sends back unless "need_task_ids" is false. Throws
/// std::invalid_argument for a "tuple" that does not map (json_values.hpp); what the collector
/// throws (an undeclared stream, say) passes through.
template <typename Emit, typename EmitDirect>
nlohmann::json carry_out_emit(const nlohmann::json& message, Emit emit, EmitDirect emit_direct) {
  std::string stream = message.value("stream", std::string(kDefaultStream));
  Values values = values_from_json(message.value("tuple", nlohmann::json()));
  auto task_ids = nlohmann::json::array();
  if (auto task = message.find("task"); task != message.end() && task->is_number_integer()) {
    emit_direct(task->get<int>(), stream, std::move(values));
    task_ids.push_back(task->get<int>());
  } else {
    for (int t : emit(stream, std::move(values))) task_ids.push_back(t);
  }
  return task_ids;
}

/// Whether an emit wants its task ids back ("need_task_ids", true unless false).
inline bool wants_task_ids(const nlohmann::json& message) { return message.value("need_task_ids", true); }

}  // namespace squall::multilang
