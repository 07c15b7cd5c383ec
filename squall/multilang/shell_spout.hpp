#pragma once
// A spout written in another language, run as a child process speaking Storm's multilang protocol
// (Storm's ShellSpout; Flux's FluxShellSpout).

#include <memory>

#include "squall/api/spout.hpp"
#include "squall/multilang/restart_backoff.hpp"
#include "squall/multilang/shell_process.hpp"
#include "squall/multilang/shell_settings.hpp"

namespace squall::multilang {

/// Runs each task's spout in a child process (ShellProcess). As Storm's ShellSpout does, every
/// call is a command followed by the child's messages up to its "sync": next_tuple sends
/// {"command": "next"}, ack and fail send {"command": "ack"|"fail", "id"}, activate and
/// deactivate theirs. Between, the child may "emit" (with an "id" to be tracked, a "stream", a
/// "task" for a direct emit, need_task_ids), "log", "error" and "metrics".
///
/// A child that exits, does not reach "sync" within topology.subprocess.timeout.secs, or writes
/// what is not the protocol is killed, reported with the component, task and reason, and
/// restarted on the next call (after 0.1 s, doubling to 10 s while it keeps failing). Its
/// tracked tuples still complete or time out; their acks and fails go to the new child, which
/// replays what it must. An emit that does not map (json_values.hpp) is reported and dropped.
class ShellSpout : public Spout {
 public:
  explicit ShellSpout(ShellSettings settings) : settings_(std::move(settings)) {}
  explicit ShellSpout(const ComponentSettings& settings) : ShellSpout(ShellSettings::from(settings)) {}
  ~ShellSpout() override;

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override { settings_.declare(declarer); }
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  void activate() override;
  void deactivate() override;
  void close() override;

  static void register_in(ComponentRegistry& registry);

 private:
  /// Sends `command` and carries out the child's messages up to its "sync". False when the child
  /// is not running (or failed now).
  bool call(const nlohmann::json& command);
  void handle_emit(const nlohmann::json& message);
  void child_failed(const std::string& error);
  bool ensure_running();
  /// out_->report_error as a function, for start_shell_process and carry_out_report.
  std::function<void(std::string_view)> report_error();

  ShellSettings settings_;
  std::unique_ptr<TopologyContext> context_;
  SpoutOutputCollector* out_ = nullptr;
  std::unique_ptr<ShellProcess> process_;
  RestartBackoff restarts_;
};

/// A message id a child gave, and back for its ack or fail: an integer or a string is returned as
/// it was emitted; another JSON value (a float, a list) comes back as its JSON text, a string.
MessageId message_id_from_json(const nlohmann::json& id);
nlohmann::json message_id_to_json(const MessageId& id);

}  // namespace squall::multilang
