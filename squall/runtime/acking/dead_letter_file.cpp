#include "squall/runtime/acking/dead_letter_file.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>

#include <fcntl.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "squall/api/bounded_json.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/runtime/support/safe_name.hpp"

namespace squall::runtime {

DeadLetterFile::~DeadLetterFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool DeadLetterFile::write(const std::string& topology, const std::string& component, int task, const MessageId& id,
                           std::int64_t attempts, const FailureReason& reason, const Values* values, std::string& error) {
  if (fd_ < 0) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      error = fmt::format("cannot open '{}': {}", path_, std::strerror(errno));
      return false;
    }
  }
  nlohmann::json line{{"topology", topology}, {"component", component}, {"task", task},
                      {"message_id", id.to_string()}, {"attempts", attempts}, {"reason", reason.to_string()},
                      {"time", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(
                                                                      std::chrono::system_clock::now())))}};
  line["values"] = nullptr;
  if (values) {
    line["values"] = nlohmann::json::array();
    for (const auto& v : *values) line["values"].push_back(value_to_json(v));
  }
  std::string text = json_text(line) + "\n";
  std::string_view rest = text;
  while (!rest.empty()) {
    auto n = ::write(fd_, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = fmt::format("writing '{}': {}", path_, std::strerror(errno));
      return false;
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string dead_letter_path(const std::string& configured, const std::string& topology) {
  return configured.empty() ? safe_file_name(topology) + ".deadletter.jsonl" : configured;
}

}  // namespace squall::runtime
