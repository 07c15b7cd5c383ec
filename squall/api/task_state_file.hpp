#pragma once
// The name of a file in which one task keeps state that outlives its worker process
// (squall.worker.state.dir). The task id in the name lets cluster mode move a task's files with
// the task when Nimbus reassigns it to another host.

#include <optional>
#include <string>
#include <string_view>

namespace squall {

/// "<component>-task-<task>.<kind>", e.g. "rows-task-3.csv-progress".
std::string task_state_file_name(std::string_view component, int task, std::string_view kind);

/// The task id of a name task_state_file_name made (the last "-task-<digits>." in it), or
/// nullopt for another name.
std::optional<int> task_of_state_file(std::string_view file_name);

}  // namespace squall
