#include "squall/runtime/workers/worker_commands.hpp"

namespace squall::runtime {

std::string WorkerCommands::encode() const {
  std::string message{static_cast<char>(deactivated), static_cast<char>(stopping)};
  message += executor_endpoints;
  return message;
}

std::optional<WorkerCommands> WorkerCommands::decode(std::string_view message) {
  if (message.size() < 2) return std::nullopt;
  return WorkerCommands{message[0] != 0, message[1] != 0, std::string(message.substr(2))};
}

}  // namespace squall::runtime
