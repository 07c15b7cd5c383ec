#pragma once
// What a supervisor tells its workers, as one state message it publishes (PUB/SUB) every few
// milliseconds, so that a worker that connects late, or lost a message, still gets it.

#include <optional>
#include <string>
#include <string_view>

namespace squall::runtime {

/// The supervisor's commands. On the wire: byte 0 = deactivated, byte 1 = stopping, then, in
/// cluster mode, the assignment's executor endpoints ("tcp://h:p,tcp://h:p,...", by executor).
struct WorkerCommands {
  bool deactivated = false;
  bool stopping = false;
  std::string executor_endpoints;  ///< empty outside cluster mode

  std::string encode() const;
  /// nullopt for a message shorter than 2 bytes (not one of these).
  static std::optional<WorkerCommands> decode(std::string_view message);
};

}  // namespace squall::runtime
