#include "squall/multilang/shell_spout.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/multilang/child_commands.hpp"
#include "squall/multilang/json_values.hpp"

namespace squall::multilang {
MessageId message_id_from_json(const nlohmann::json& id) {
  if (id.is_null()) return {};
  if (id.is_number_integer()) return MessageId(id.get<std::int64_t>());
  if (id.is_string()) return MessageId(id.get<std::string>());
  return MessageId(id.dump());
}

nlohmann::json message_id_to_json(const MessageId& id) {
  if (id.is_int()) return id.as_int();
  if (id.is_string()) return id.as_string();
  return nullptr;
}

ShellSpout::~ShellSpout() = default;

void ShellSpout::open(const TopologyContext& context, SpoutOutputCollector& collector) {
  context_ = std::make_unique<TopologyContext>(context);
  out_ = &collector;
  process_ = start_shell_process(settings_.command, *context_, restarts_, report_error(), true);
}

std::function<void(std::string_view)> ShellSpout::report_error() {
  return [this](std::string_view error) { out_->report_error(error); };
}

bool ShellSpout::ensure_running() {
  if (process_) return true;
  auto now = ShellProcess::Clock::now();
  if (!restarts_.may_start(now)) return false;
  process_ = start_shell_process(settings_.command, *context_, restarts_, report_error(), false);
  return process_ != nullptr;
}

bool ShellSpout::call(const nlohmann::json& command) {
  if (!ensure_running()) return false;
  try {
    process_->channel().send(command, process_->deadline());
    auto deadline = process_->deadline();
    for (;;) {
      auto message = process_->channel().receive(deadline);
      std::string name = message.value("command", "");
      if (name == "sync") break;
      if (name == "emit") handle_emit(message);
      else if (!carry_out_report(process_->name(), name, message, report_error())) throw unknown_command(message);
    }
    restarts_.succeeded();
    return true;
  } catch (const MultilangError& e) {
    child_failed(fmt::format("{} (answering {})", e.what(), command.dump()));
    return false;
  }
}

void ShellSpout::handle_emit(const nlohmann::json& message) {
  MessageId id = message_id_from_json(message.value("id", nlohmann::json()));
  auto task_ids = nlohmann::json::array();
  try {
    task_ids = carry_out_emit(
        message, [&](std::string_view stream, Values values) { return out_->emit(stream, std::move(values), id); },
        [&](int task, std::string_view stream, Values values) { out_->emit_direct(task, stream, std::move(values), id); });
  } catch (const std::exception& e) {
    out_->report_error(emit_rejected(process_->name(), e.what(), message));
  }
  if (wants_task_ids(message)) process_->channel().send(task_ids, process_->deadline());
}

void ShellSpout::child_failed(const std::string& error) {
  std::string name = process_->name();
  std::string exit = process_->stop();
  out_->report_error(fmt::format("{}: {}; the child {}; restarting it", name, error, exit));
  process_.reset();
  restarts_.failed(ShellProcess::Clock::now());
}

void ShellSpout::next_tuple() { call({{"command", "next"}}); }
void ShellSpout::ack(const MessageId& id) { call({{"command", "ack"}, {"id", message_id_to_json(id)}}); }
void ShellSpout::fail(const MessageId& id) { call({{"command", "fail"}, {"id", message_id_to_json(id)}}); }
void ShellSpout::activate() { call({{"command", "activate"}}); }
void ShellSpout::deactivate() { call({{"command", "deactivate"}}); }

void ShellSpout::close() {
  if (process_) process_->stop();
  process_.reset();
}

}  // namespace squall::multilang
