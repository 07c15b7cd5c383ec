#include "squall/multilang/shell_spout.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/multilang/json_values.hpp"
#include "squall/multilang/shell_log.hpp"

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
  // A command that cannot run fails open (ChildProcessError): the topology is misconfigured. A
  // child that runs but fails its handshake is restarted like one that fails later.
  try {
    process_ = std::make_unique<ShellProcess>(settings_.command, *context_);
  } catch (const MultilangError& e) {
    out_->report_error(e.what());
    restarts_.failed(ShellProcess::Clock::now());
  }
}

bool ShellSpout::ensure_running() {
  if (process_) return true;
  auto now = ShellProcess::Clock::now();
  if (!restarts_.may_start(now)) return false;
  try {
    process_ = std::make_unique<ShellProcess>(settings_.command, *context_);
    return true;
  } catch (const std::exception& e) {
    restarts_.failed(now);
    out_->report_error(fmt::format("restarting the child: {}", e.what()));
    return false;
  }
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
      else if (name == "log") log_child_message(process_->name(), message);
      else if (name == "error") out_->report_error(message.value("msg", message.dump()));
      else if (name == "metrics") log_child_metrics(process_->name(), message);
      else
        throw MultilangError(MultilangError::Kind::protocol,
                             fmt::format("unknown command in {}", message.dump().substr(0, 200)));
    }
    restarts_.succeeded();
    return true;
  } catch (const MultilangError& e) {
    child_failed(fmt::format("{} (answering {})", e.what(), command.dump()));
    return false;
  }
}

void ShellSpout::handle_emit(const nlohmann::json& message) {
  std::string stream = message.value("stream", std::string(kDefaultStream));
  MessageId id = message_id_from_json(message.value("id", nlohmann::json()));
  auto reply = nlohmann::json::array();
  try {
    Values values = values_from_json(message.value("tuple", nlohmann::json()));
    if (auto task = message.find("task"); task != message.end() && task->is_number_integer()) {
      out_->emit_direct(task->get<int>(), stream, std::move(values), std::move(id));
      reply.push_back(task->get<int>());
    } else {
      for (int t : out_->emit(stream, std::move(values), std::move(id))) reply.push_back(t);
    }
  } catch (const std::exception& e) {
    out_->report_error(fmt::format("{}: emit rejected: {} (in {})", process_->name(), e.what(), message.dump().substr(0, 200)));
  }
  if (message.value("need_task_ids", true)) process_->channel().send(reply, process_->deadline());
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
