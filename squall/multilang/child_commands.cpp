#include "squall/multilang/child_commands.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace squall::multilang {
namespace {

void log_child_message(const std::string& child, const nlohmann::json& message) {
  auto msg = message.find("msg");
  std::string text = msg == message.end() ? message.dump() : msg->is_string() ? msg->get<std::string>() : msg->dump();
  int level = 2;
  if (auto l = message.find("level"); l != message.end() && l->is_number_integer()) level = l->get<int>();
  static constexpr spdlog::level::level_enum kLevels[] = {spdlog::level::trace, spdlog::level::debug, spdlog::level::info,
                                                          spdlog::level::warn, spdlog::level::err};
  spdlog::log(kLevels[std::clamp(level, 0, 4)], "[{}] {}", child, text);
}

}  // namespace

bool carry_out_report(const std::string& child, const std::string& command, const nlohmann::json& message,
                      const std::function<void(std::string_view)>& report_error) {
  if (command == "log") {
    log_child_message(child, message);
  } else if (command == "error") {
    report_error(message.value("msg", message.dump()));
  } else if (command == "metrics") {
    spdlog::debug("[{}] metric {} {}", child, message.value("name", ""), message.value("params", nlohmann::json()).dump());
  } else {
    return false;
  }
  return true;
}

MultilangError unknown_command(const nlohmann::json& message) {
  return MultilangError(MultilangError::Kind::protocol, fmt::format("unknown command in {}", message.dump().substr(0, 200)));
}

std::string emit_rejected(const std::string& child, std::string_view error, const nlohmann::json& message) {
  return fmt::format("{}: emit rejected: {} (in {})", child, error, message.dump().substr(0, 200));
}

}  // namespace squall::multilang
