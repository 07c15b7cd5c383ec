#include "squall/multilang/shell_bolt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/multilang/child_commands.hpp"
#include "squall/multilang/json_values.hpp"

namespace squall::multilang {
namespace {

constexpr auto kHeartbeatInterval = std::chrono::seconds(1);

/// The pending_ key of a tuple id the child sent back: ids go out as strings, but a child may
/// send one back as a number.
std::string pending_key(const nlohmann::json& id) { return id.is_string() ? id.get<std::string>() : id.dump(); }

}  // namespace

ShellBolt::ShellBolt(ShellSettings settings) : settings_(std::move(settings)) {
  if (::pipe2(quiet_pipe_, O_CLOEXEC) != 0) throw Error("ShellBolt: pipe failed");
  poll_fd_ = ::fcntl(quiet_pipe_[0], F_DUPFD_CLOEXEC, 0);
}

ShellBolt::~ShellBolt() {
  process_.reset();
  for (int fd : {poll_fd_, quiet_pipe_[0], quiet_pipe_[1]})
    if (fd >= 0) ::close(fd);
}

Config ShellBolt::component_configuration() const {
  Config c = settings_.component_config;
  c.set(config_keys::kChaining, false);
  return c;
}

void ShellBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  context_ = std::make_unique<TopologyContext>(context);
  out_ = &collector;
  max_pending_ = static_cast<std::size_t>(context.config().get(config_keys::kShellBoltMaxPending));
  start(true);
}

bool ShellBolt::start(bool first) {
  process_ = start_shell_process(settings_.command, *context_, restarts_,
                                 [this](std::string_view error) { out_->report_error(error); }, first);
  if (!process_) return false;
  ::dup2(process_->channel_fd(), poll_fd_);
  last_message_ = ShellProcess::Clock::now();
  next_heartbeat_ = last_message_ + kHeartbeatInterval;
  return true;
}

void ShellBolt::execute(const Tuple& input) {
  if (!running()) {
    // The input waits for the restart (at most the backoff, 10 s): failed at once, it would be
    // replayed at once, and a spout's topology.max.replays would be used up within milliseconds.
    std::this_thread::sleep_until(restarts_.next_start());
    if (!start(false)) {
      out_->fail(input);
      return;
    }
  }
  try {
    while (running() && pending_.size() >= max_pending_) handle(process_->channel().receive(process_->deadline()));
  } catch (const MultilangError& e) {
    child_failed(e.what());
  }
  if (!running()) {
    out_->fail(input);
    return;
  }
  std::string id = std::to_string(++next_id_);
  pending_.emplace(id, input);
  nlohmann::json tuple{{"id", id},
                       {"comp", input.source_component()},
                       {"stream", input.source_stream()},
                       {"task", input.source_task()},
                       {"tuple", to_json(input.values())}};
  send(tuple);
  drain();
}

void ShellBolt::send(const nlohmann::json& message) {
  if (!running()) return;
  try {
    process_->channel().send(message, process_->deadline());
  } catch (const MultilangError& e) {
    child_failed(e.what());
  }
}

int ShellBolt::poll_fd() const { return poll_fd_; }

void ShellBolt::poll() {
  if (!running()) return;
  drain();
  if (!running()) return;
  auto now = ShellProcess::Clock::now();
  if (now - last_message_ > std::chrono::seconds(context_->config().get(config_keys::kSubprocessTimeoutSecs))) {
    child_failed(fmt::format("no message from the child for {} s (topology.subprocess.timeout.secs): it hangs",
                             context_->config().get(config_keys::kSubprocessTimeoutSecs)));
    return;
  }
  if (now >= next_heartbeat_) {
    next_heartbeat_ = now + kHeartbeatInterval;
    send({{"id", "-1"}, {"comp", "__system"}, {"stream", "__heartbeat"}, {"task", -1}, {"tuple", nlohmann::json::array()}});
  }
}

void ShellBolt::drain() {
  try {
    while (running())
      if (auto m = process_->channel().try_receive()) handle(*m);
      else break;
  } catch (const MultilangError& e) {
    child_failed(e.what());
  }
}

void ShellBolt::handle(const nlohmann::json& message) {
  last_message_ = ShellProcess::Clock::now();
  restarts_.succeeded();
  std::string command = message.value("command", "");
  if (command == "emit") return handle_emit(message);
  if (command == "ack" || command == "fail") {
    auto input = take_pending(message.value("id", nlohmann::json()));
    if (!input) return;
    if (command == "ack") out_->ack(*input);
    else out_->fail(*input);
    return;
  }
  if (command == "sync") return;
  if (!carry_out_report(process_->name(), command, message, [this](std::string_view error) { out_->report_error(error); }))
    throw unknown_command(message);
}

void ShellBolt::handle_emit(const nlohmann::json& message) {
  std::vector<Tuple> anchors;
  std::vector<nlohmann::json> anchor_ids;
  if (auto a = message.find("anchors"); a != message.end() && a->is_array())
    for (const auto& id : *a)
      if (auto it = pending_.find(pending_key(id)); it != pending_.end()) {
        anchors.push_back(it->second);
        anchor_ids.push_back(id);
      }
  auto task_ids = nlohmann::json::array();
  try {
    task_ids = carry_out_emit(
        message, [&](std::string_view stream, Values values) { return out_->emit(stream, anchors, std::move(values)); },
        [&](int task, std::string_view stream, Values values) { out_->emit_direct(task, stream, anchors, std::move(values)); });
  } catch (const std::exception& e) {
    // The tuple cannot be emitted: its trees are failed so that their spouts replay them.
    out_->report_error(emit_rejected(process_->name(), e.what(), message));
    for (const auto& id : anchor_ids)
      if (auto input = take_pending(id)) out_->fail(*input);
  }
  if (wants_task_ids(message)) send(task_ids);
}

std::optional<Tuple> ShellBolt::take_pending(const nlohmann::json& id) {
  auto it = pending_.find(pending_key(id));
  if (it == pending_.end()) {
    if (auto n = unknown_id_log_.admit())
      spdlog::warn("[{}] acked or failed an unknown tuple id {} (acked twice, or failed after an emit error){}",
                   process_->name(), id.dump(), n > 1 ? fmt::format(" ({} like it)", n) : "");
    return std::nullopt;
  }
  Tuple t = std::move(it->second);
  pending_.erase(it);
  return t;
}

void ShellBolt::child_failed(const std::string& error) {
  if (!process_) return;
  std::string exit = process_->stop();
  out_->report_error(fmt::format("{}: {}; the child {}; {} in-flight tuples failed, restarting it", process_->name(), error,
                                 exit, pending_.size()));
  for (auto& [id, input] : pending_) out_->fail(input);
  pending_.clear();
  process_.reset();
  ::dup2(quiet_pipe_[0], poll_fd_);
  restarts_.failed(ShellProcess::Clock::now());
}

void ShellBolt::cleanup() {
  if (process_) process_->stop();
  process_.reset();
}

}  // namespace squall::multilang
