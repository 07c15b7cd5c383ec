#include "squall/multilang/shell_log.hpp"

#include <spdlog/spdlog.h>

namespace squall::multilang {

void log_child_message(const std::string& child, const nlohmann::json& message) {
  auto msg = message.find("msg");
  std::string text = msg == message.end() ? message.dump() : msg->is_string() ? msg->get<std::string>() : msg->dump();
  int level = 2;
  if (auto l = message.find("level"); l != message.end() && l->is_number_integer()) level = l->get<int>();
  static constexpr spdlog::level::level_enum kLevels[] = {spdlog::level::trace, spdlog::level::debug, spdlog::level::info,
                                                          spdlog::level::warn, spdlog::level::err};
  spdlog::log(kLevels[std::clamp(level, 0, 4)], "[{}] {}", child, text);
}

void log_child_metrics(const std::string& child, const nlohmann::json& message) {
  spdlog::debug("[{}] metric {} {}", child, message.value("name", ""), message.value("params", nlohmann::json()).dump());
}

}  // namespace squall::multilang
