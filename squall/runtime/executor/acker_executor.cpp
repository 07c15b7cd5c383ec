#include "squall/runtime/executor/acker_executor.hpp"

namespace squall::runtime {

void AckerExecutor::setup() { next_rotation_ = SteadyClock::now() + run_.settings.message_timeout; }

void AckerExecutor::loop() {
  while (!stopping()) {
    auto batch = inbox_->try_receive();
    if (batch) {
      note_received(batch->size());
      for (const auto& e : *batch) handle(e);
      run_.task_metrics[static_cast<std::size_t>(plan_.tasks.front())]->executed.add(batch->size());
    }
    auto now = SteadyClock::now();
    if (now >= next_rotation_) {
      ledger_.rotate();
      next_rotation_ = now + run_.settings.message_timeout;
    }
    if (batch) {
      finish_batch(std::move(batch));
      flush_due(now);
    } else {
      flush_all();
      wait_for_input(std::chrono::microseconds(10000));
    }
  }
}

void AckerExecutor::handle(const Envelope& e) {
  auto verdict = std::visit(Overloaded{
                                [&](const AckInit& m) { return ledger_.init(m.root, m.edges_xor, m.spout_task); },
                                [&](const AckAck& m) { return ledger_.ack(m.root, m.value); },
                                [&](const AckFail& m) { return ledger_.fail(m.root, m.failed_by_task); },
                                [&](const AckResetTimeout& m) { return ledger_.reset_timeout(m.root); },
                                [](const auto&) { return std::optional<AckerVerdict>{}; },
                            },
                            e.message);
  if (!verdict) return;
  switch (verdict->kind) {
    case AckerVerdict::Kind::completed: emitter_->send({verdict->spout_task, RootAcked{verdict->root}}); break;
    case AckerVerdict::Kind::failed:
      emitter_->send({verdict->spout_task, RootFailed{verdict->root, verdict->failed_by_task}});
      break;
    case AckerVerdict::Kind::reset: emitter_->send({verdict->spout_task, RootResetTimeout{verdict->root}}); break;
  }
}

}  // namespace squall::runtime
