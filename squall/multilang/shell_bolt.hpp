#pragma once
// A bolt written in another language, run as a child process speaking Storm's multilang protocol
// (Storm's ShellBolt; Flux's FluxShellBolt).

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "squall/api/bolt.hpp"
#include "squall/api/log_throttle.hpp"
#include "squall/multilang/restart_backoff.hpp"
#include "squall/multilang/shell_process.hpp"
#include "squall/multilang/shell_settings.hpp"

namespace squall::multilang {

/// Runs each task's bolt in a child process (ShellProcess) and relays Storm's multilang messages
/// (docs "Multi-Lang Protocol"; storm-client's ShellBolt):
/// - each input goes to the child as {"id", "comp", "stream", "task", "tuple"}; the child's
///   "emit" (anchors, stream, task for a direct emit, tuple, need_task_ids), "ack", "fail",
///   "log", "error", "sync" and "metrics" come back and are carried out on the executor thread
///   (Bolt::poll), the emitted-to task ids answered unless need_task_ids is false;
/// - a "__heartbeat" tuple (comp "__system", task -1) every second, answered by "sync";
/// - at most topology.shellbolt.max.pending inputs at the child: execute waits beyond it;
/// - a child that exits, sends no message for topology.subprocess.timeout.secs, blocks its input
///   that long, or writes what is not the protocol is killed and reported with the component, the
///   task and the reason; its in-flight inputs are failed (their spouts replay them) and it is
///   restarted with the next input, which waits for it (0.1 s after the failure, doubling to at
///   most 10 s while the child keeps failing at once). The worker keeps running. Values map to JSON as json_values.hpp says; an emit that does not map or
///   names an undeclared stream is reported and its anchors failed.
class ShellBolt : public Bolt {
 public:
  explicit ShellBolt(ShellSettings settings);
  /// From a topology file (FluxShellBolt): see shell_setting_specs.
  explicit ShellBolt(const ComponentSettings& settings) : ShellBolt(ShellSettings::from(settings)) {}
  ~ShellBolt() override;

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override { settings_.declare(declarer); }
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  void cleanup() override;
  int poll_fd() const override;
  void poll() override;
  /// addComponentConfig's keys; always squall.topology.chaining false (the child's output is polled
  /// on the bolt's own thread).
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

 private:
  /// Starts the child (start_shell_process); false when it could not be.
  bool start(bool first);
  void send(const nlohmann::json& message);
  /// Carries out every message the child has sent so far.
  void drain();
  void handle(const nlohmann::json& message);
  void handle_emit(const nlohmann::json& message);
  std::optional<Tuple> take_pending(const nlohmann::json& id);
  /// Reports `error`, fails what the child holds and kills it; the next input starts another.
  void child_failed(const std::string& error);
  bool running() const noexcept { return process_ != nullptr; }

  ShellSettings settings_;
  std::unique_ptr<TopologyContext> context_;
  OutputCollector* out_ = nullptr;
  std::unique_ptr<ShellProcess> process_;
  /// What the executor polls: a duplicate of the child's stdout while one runs, of a pipe nobody
  /// writes to otherwise. One number for the bolt's life, as Bolt::poll_fd must be.
  int poll_fd_ = -1;
  int quiet_pipe_[2] = {-1, -1};
  std::unordered_map<std::string, Tuple> pending_;  ///< inputs at the child, by the id sent
  std::uint64_t next_id_ = 0;
  std::size_t max_pending_ = 100;
  ShellProcess::Clock::time_point last_message_, next_heartbeat_;
  RestartBackoff restarts_;
  LogThrottle unknown_id_log_;
};

}  // namespace squall::multilang
