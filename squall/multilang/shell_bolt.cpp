#include "squall/multilang/shell_bolt.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/config_keys.hpp"
#include "squall/multilang/json_values.hpp"
#include "squall/multilang/shell_log.hpp"

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
  // A command that cannot run fails prepare (ChildProcessError): the topology is misconfigured.
  // A child that runs but fails its handshake is restarted like one that fails later.
  try {
    start();
  } catch (const MultilangError& e) {
    out_->report_error(e.what());
    restarts_.failed(ShellProcess::Clock::now());
  }
}

void ShellBolt::start() {
  process_ = std::make_unique<ShellProcess>(settings_.command, *context_);
  ::dup2(process_->channel_fd(), poll_fd_);
  last_message_ = ShellProcess::Clock::now();
  next_heartbeat_ = last_message_ + kHeartbeatInterval;
}

void ShellBolt::execute(const Tuple& input) {
  if (!running()) {
    // The input waits for the restart (at most the backoff, 10 s): failed at once, it would be
    // replayed at once, and a spout's topology.max.replays would be used up within milliseconds.
    std::this_thread::sleep_until(restarts_.next_start());
    try {
      start();
    } catch (const std::exception& e) {
      restarts_.failed(ShellProcess::Clock::now());
      out_->report_error(fmt::format("restarting the child: {}", e.what()));
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
  if (command == "log") return log_child_message(process_->name(), message);
  if (command == "error") return out_->report_error(message.value("msg", message.dump()));
  if (command == "metrics") return log_child_metrics(process_->name(), message);
  throw MultilangError(MultilangError::Kind::protocol, fmt::format("unknown command in {}", message.dump().substr(0, 200)));
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
  std::string stream = message.value("stream", std::string(kDefaultStream));
  bool need_task_ids = message.value("need_task_ids", true);
  auto reply = nlohmann::json::array();
  try {
    Values values = values_from_json(message.value("tuple", nlohmann::json()));
    if (auto task = message.find("task"); task != message.end() && task->is_number_integer()) {
      out_->emit_direct(task->get<int>(), stream, anchors, std::move(values));
      reply.push_back(task->get<int>());
    } else {
      for (int t : out_->emit(stream, anchors, std::move(values))) reply.push_back(t);
    }
  } catch (const std::exception& e) {
    // The tuple cannot be emitted: its trees are failed so that their spouts replay them.
    out_->report_error(fmt::format("{}: emit rejected: {} (in {})", process_->name(), e.what(), message.dump().substr(0, 200)));
    for (const auto& id : anchor_ids)
      if (auto input = take_pending(id)) out_->fail(*input);
  }
  if (need_task_ids) send(reply);
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
