#include "squall/multilang/shell_process.hpp"

#include <unistd.h>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/multilang/json_values.hpp"

namespace squall::multilang {
namespace {

std::unique_ptr<ChildProcess> start_child(const std::vector<std::string>& command, const TopologyContext& context,
                                          const std::string& label) {
  std::string dir(context.config().get(config_keys::kMultilangResourcesDir));
  auto log_line = [label](const std::string& line) { spdlog::warn("[{}] {}", label, line); };
  try {
    return std::make_unique<ChildProcess>(command, dir, log_line);
  } catch (const ChildProcessError& e) {
    throw ChildProcessError(fmt::format("{}: {} (the command is '{}'; set {} to the folder of the scripts)", label,
                                        e.what(), fmt::join(command, " "), config_keys::kMultilangResourcesDir.name));
  }
}

std::filesystem::path make_pid_dir(const TopologyContext& context) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("squall-{}-pids", ::getuid()) /
             fmt::format("{}-{}-{}-{}", context.topology_name(), context.component_id(), context.task_id(), ::getpid());
  std::filesystem::create_directories(dir);
  return dir;
}

nlohmann::json config_json(const Config& config) {
  auto out = nlohmann::json::object();
  for (const auto& [key, value] : config.entries()) out[key] = to_json(value);
  return out;
}

}  // namespace

nlohmann::json handshake_context(const TopologyContext& context) {
  auto task_to_component = nlohmann::json::object();
  for (const auto& [task, component] : context.task_to_component()) task_to_component[std::to_string(task)] = component;
  auto streams = nlohmann::json::array();
  auto output_fields = nlohmann::json::object();
  for (const auto& [stream, fields] : context.output_fields()) {
    streams.push_back(stream);
    output_fields[stream] = fields.names();
  }
  auto source_fields = nlohmann::json::object();
  for (const auto& in : context.inputs()) source_fields[in.component][in.stream] = in.fields.names();
  return {{"taskid", context.task_id()},
          {"componentid", context.component_id()},
          {"task->component", task_to_component},
          {"streams", streams},
          {"stream->outputfields", output_fields},
          {"source->stream->fields", source_fields}};
}

ShellProcess::ShellProcess(const std::vector<std::string>& command, const TopologyContext& context)
    : pid_dir_(make_pid_dir(context)),
      child_(start_child(command, context, fmt::format("{}:{}", context.component_id(), context.task_id()))),
      channel_(child_->stdin_fd(), child_->stdout_fd()),
      timeout_(std::chrono::seconds(context.config().get(config_keys::kSubprocessTimeoutSecs))) {
  name_ = fmt::format("{}:{} (pid {}, {})", context.component_id(), context.task_id(), child_->pid(), fmt::join(command, " "));
  try {
    channel_.send({{"conf", config_json(context.config())}, {"context", handshake_context(context)}, {"pidDir", pid_dir_.string()}},
                  deadline());
    auto reply = channel_.receive(deadline());
    if (!reply.contains("pid") || !reply["pid"].is_number_integer())
      throw MultilangError(MultilangError::Kind::protocol,
                           fmt::format("the handshake's reply has no integer \"pid\": {}", reply.dump()));
  } catch (const MultilangError& e) {
    std::string exit = child_->poll_exit();
    throw MultilangError(e.kind(), fmt::format("{}: handshake: {}{}", name_, e.what(), exit.empty() ? "" : "; the child " + exit));
  }
}

std::unique_ptr<ShellProcess> start_shell_process(const std::vector<std::string>& command, const TopologyContext& context,
                                                  RestartBackoff& restarts,
                                                  const std::function<void(std::string_view)>& report_error, bool first) {
  try {
    return std::make_unique<ShellProcess>(command, context);
  } catch (const std::exception& e) {
    // A child that ran but failed its handshake is restarted later, even on the first start.
    bool ran = dynamic_cast<const MultilangError*>(&e) != nullptr;
    if (first && !ran) throw;
    report_error(first ? std::string(e.what()) : fmt::format("restarting the child: {}", e.what()));
  }
  restarts.failed(RestartBackoff::Clock::now());
  return nullptr;
}

ShellProcess::~ShellProcess() {
  child_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(pid_dir_, ignored);
}

}  // namespace squall::multilang
