#include "squall/runtime/run/run_state.hpp"

#include <algorithm>
#include <cmath>

#include "squall/api/errors.hpp"

namespace squall::runtime {

RunSettings RunSettings::from(const Config& c) {
  namespace k = config_keys;
  RunSettings s{};
  auto batch = c.get_int(k::kTransferBatchSize, 100);
  auto receive = c.get_int(k::kExecutorReceiveBatches, 256);
  auto timeout = c.get_double(k::kMessageTimeoutSecs, 30);
  auto pending = c.get_int(k::kMaxSpoutPending, 0);
  auto rate = c.get_double(k::kStatsSampleRate, 0.05);
  auto replays = c.get_int(k::kMaxReplays, 10);
  // Ranges checked at submit (written so that NaN fails them too): a value past them would
  // overflow a product below, allocate without bound or make a timeout never fire.
  if (batch < 1 || batch > 100'000) throw TopologyError("topology.transfer.batch.size must be from 1 to 100000");
  if (receive < 1 || receive > 1'000'000) throw TopologyError("squall.executor.receive.batches must be from 1 to 1000000");
  if (!(timeout > 0 && timeout <= 86400 * 7))
    throw TopologyError("topology.message.timeout.secs must be positive and at most 604800 (a week)");
  if (pending < 0 || pending > 100'000'000)
    throw TopologyError("topology.max.spout.pending must be 0 (no cap) to 100000000");
  if (!(rate > 0 && rate <= 1)) throw TopologyError("topology.stats.sample.rate must be in (0, 1]");
  if (replays < -1) throw TopologyError("topology.max.replays must be -1 (unlimited) or at least 0");
  s.batch_size = static_cast<std::size_t>(batch);
  auto remote = c.get_int(k::kMessagingTransferBatchSize, 1000);
  if (remote < 1 || remote > 1'000'000)
    throw TopologyError("squall.messaging.transfer.batch.size must be from 1 to 1000000");
  s.remote_batch_size = static_cast<std::size_t>(remote);
  s.receive_batches = static_cast<int>(receive);
  // A link to another worker carries frames of remote_batch_size tuples; it queues as many
  // tuples as an in-process link, not as many frames.
  s.remote_receive_frames = static_cast<int>(std::max<std::int64_t>(1, receive * batch / remote));
  s.message_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(timeout * 1000)));
  s.max_spout_pending = static_cast<std::size_t>(pending);
  s.max_replays = replays;
  s.dead_letter_file = c.get_string(k::kDeadLetterFile, "");
  s.latency_sample_every = static_cast<std::uint32_t>(std::lround(1.0 / rate));
  return s;
}

namespace {
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
      shutdown_barrier(static_cast<std::ptrdiff_t>(
          std::ranges::count(remote_executors_of(plan, worker_role), false))),
      batch_pool(settings.batch_size),
      role(std::move(worker_role)),
      remote_executors(remote_executors_of(plan, role)) {
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
                        role ? &role->transport : nullptr, role ? &remote_executors : nullptr};
}

}  // namespace squall::runtime
