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
      outbox_->flush_due(now);
    } else {
      outbox_->flush_all();
      wait_for_input(std::chrono::microseconds(10000));
    }
  }
}

void AckerExecutor::handle(const Envelope& e) {
  std::optional<AckerVerdict> verdict;
  switch (e.kind) {
    case EnvelopeKind::ack_init: verdict = ledger_.init(e.root, e.value, e.origin_task); break;
    case EnvelopeKind::ack_ack: verdict = ledger_.ack(e.root, e.value); break;
    case EnvelopeKind::ack_fail: verdict = ledger_.fail(e.root, e.origin_task); break;
    case EnvelopeKind::ack_reset: verdict = ledger_.reset_timeout(e.root); break;
    default: return;
  }
  if (!verdict) return;
  EnvelopeKind kind = verdict->kind == AckerVerdict::Kind::completed ? EnvelopeKind::root_acked
                      : verdict->kind == AckerVerdict::Kind::failed  ? EnvelopeKind::root_failed
                                                                     : EnvelopeKind::root_reset;
  send(Envelope{kind, verdict->spout_task, verdict->failed_by_task, verdict->root, 0, {}});
}

}  // namespace squall::runtime
