#pragma once
// A multilang child after Storm's handshake: what ShellBolt and ShellSpout talk to.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "squall/api/topology_context.hpp"
#include "squall/multilang/child_process.hpp"
#include "squall/multilang/message_channel.hpp"
#include "squall/multilang/restart_backoff.hpp"

namespace squall::multilang {

/// Starts `command` for one task and performs Storm's handshake (docs "Multi-Lang Protocol",
/// "Initial Handshake"): it sends {"conf": the task's config, "context": {"taskid", "componentid",
/// "task->component", "streams", "stream->outputfields", "source->stream->fields"}, "pidDir"}
/// and expects {"pid": N}, the child having created the empty file pidDir/N.
///
/// The child runs in squall.multilang.resources.dir (the working directory when unset), its
/// stderr lines are logged at WARN as "[component:task] line". A child that does not answer the
/// handshake within topology.subprocess.timeout.secs is killed.
class ShellProcess {
 public:
  using Clock = MessageChannel::Clock;
  /// Throws ChildProcessError (it cannot be started) or MultilangError (the handshake failed),
  /// both naming the component and task.
  ShellProcess(const std::vector<std::string>& command, const TopologyContext& context);
  ~ShellProcess();

  MessageChannel& channel() noexcept { return channel_; }
  /// "split:3 (pid 1234, python3 splitsentence.py)": for logs and reported errors.
  const std::string& name() const noexcept { return name_; }
  /// topology.subprocess.timeout.secs from now.
  Clock::time_point deadline() const { return Clock::now() + timeout_; }
  /// Kills the child (if alive) and returns how it ended ("exited with status 1").
  std::string stop() { return child_->kill(); }
  /// How the child ended, if it has (checked now), else empty.
  std::string exit_status() { return child_->poll_exit(); }
  pid_t pid() const noexcept { return child_->pid(); }
  /// The child's stdout (for a poll).
  int channel_fd() const noexcept { return child_->stdout_fd(); }

 private:
  std::filesystem::path pid_dir_;
  std::unique_ptr<ChildProcess> child_;
  MessageChannel channel_;
  std::string name_;
  std::chrono::seconds timeout_;
};

/// Starts a ShellProcess for `context`, or returns nullptr after reporting why through
/// `report_error` and backing `restarts` off. On the component's `first` start (prepare, open) a
/// command that cannot run at all (ChildProcessError) is thrown instead, since the topology is
/// misconfigured; a restart reports it ("restarting the child: ...") like any other failure.
std::unique_ptr<ShellProcess> start_shell_process(const std::vector<std::string>& command, const TopologyContext& context,
                                                  RestartBackoff& restarts,
                                                  const std::function<void(std::string_view)>& report_error, bool first);

/// The JSON the handshake sends as "context" for `context` (see ShellProcess).
nlohmann::json handshake_context(const TopologyContext& context);

}  // namespace squall::multilang
