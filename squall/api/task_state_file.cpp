#include "squall/api/task_state_file.hpp"

#include <charconv>

#include <fmt/format.h>

namespace squall {

std::string task_state_file_name(std::string_view component, int task, std::string_view kind) {
  return fmt::format("{}-task-{}.{}", component, task, kind);
}

std::optional<int> task_of_state_file(std::string_view file_name) {
  constexpr std::string_view kMarker = "-task-";
  auto at = file_name.rfind(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  auto digits = file_name.substr(at + kMarker.size());
  int task = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), task);
  if (error != std::errc() || end == digits.data() || end == digits.data() + digits.size() || *end != '.' || task < 0)
    return std::nullopt;
  return task;
}

}  // namespace squall
