#include "squall/runtime/run/run_state.hpp"

#include <algorithm>
#include <cmath>

#include "squall/api/errors.hpp"

namespace squall::runtime {

RunSettings RunSettings::from(const Config& c) {
  namespace k = config_keys;
  // The values are within the schema's ranges (ExecutionPlan validated them): none overflows a
  // product below, allocates without bound or makes a timeout never fire.
  RunSettings s{};
  auto batch = c.get(k::kProducerBatchSize);
  auto receive = c.get(k::kExecutorReceiveBatches);
  auto remote = c.get(k::kTransferBatchSize);
  s.batch_size = static_cast<std::size_t>(batch);
  s.remote_batch_size = static_cast<std::size_t>(remote);
  s.receive_batches = static_cast<int>(receive);
  // A link to another worker carries frames of remote_batch_size tuples; it queues as many
  // tuples as an in-process link, not as many frames.
  s.remote_receive_frames = static_cast<int>(std::max<std::int64_t>(1, receive * batch / remote));
  s.message_timeout = std::chrono::seconds(c.get(k::kMessageTimeoutSecs));
  s.max_spout_pending = static_cast<std::size_t>(c.get(k::kMaxSpoutPending));
  s.max_replays = c.get(k::kMaxReplays);
  s.dead_letter_file = c.get(k::kDeadLetterFile);
  s.latency_sample_every = static_cast<std::uint32_t>(std::lround(1.0 / c.get(k::kStatsSampleRate)));
  s.debug = c.get(k::kDebug);
  return s;
}

namespace {
/// The executors this process runs on threads of their own (the chained ones run on their hosts').
std::ptrdiff_t threads_here(const ExecutionPlan& plan, const std::vector<bool>& remote) {
  return std::ranges::count_if(plan.executors(), [&](const ExecutorPlan& e) {
    return e.own_thread() && !remote[static_cast<std::size_t>(e.index)];
  });
}

std::vector<bool> remote_executors_of(const ExecutionPlan& plan, const std::optional<WorkerRole>& role) {
  std::vector<bool> remote(plan.executors().size(), false);
  if (role)
    for (const auto& e : plan.executors()) remote[static_cast<std::size_t>(e.index)] = e.worker != role->worker;
  return remote;
}
}  // namespace

RunState::RunState(std::string id, ExecutionPlan p, std::optional<WorkerRole> worker_role)
    : run_id(std::move(id)),
      plan(std::move(p)),
      settings(RunSettings::from(plan.config())),
      counters(plan.executors().size()),
      shutdown_barrier(threads_here(plan, remote_executors_of(plan, worker_role))),
      batch_pool(settings.batch_size),
      role(std::move(worker_role)),
      remote_executors(remote_executors_of(plan, role)) {
  if (role) peers = std::make_unique<PeerEndpoints>(role->transport, plan.executors().size());
  if (role && role->transport.curve())
    authenticator = std::make_unique<CurveAuthenticator>(zmq, role->transport.curve_public_key, link_counters);
  task_metrics.resize(static_cast<std::size_t>(plan.task_count()) + 1);
  for (auto& m : task_metrics) m = std::make_unique<TaskMetrics>();
}

OutboxSettings RunState::outbox_settings() {
  return OutboxSettings{&zmq,          run_id,
                        settings.batch_size, settings.remote_batch_size, settings.receive_batches, settings.remote_receive_frames,
                        settings.max_batch_delay, &counters,
                        &stopping,     &batch_pool,
                        role ? &role->transport : nullptr, role ? &remote_executors : nullptr, peers.get()};
}

}  // namespace squall::runtime
