#include "squall/runtime/workers/worker_process.hpp"

#include <chrono>
#include <csignal>
#include <zmq.hpp>

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "squall/runtime/local/topology_run.hpp"
#include "squall/runtime/transport/peer_endpoints.hpp"
#include "squall/runtime/workers/worker_commands.hpp"
#include "squall/runtime/workers/worker_report.hpp"

namespace squall::runtime {

namespace {

WorkerReport report_of(const WorkerLaunch& launch, const TopologyRun* run) {
  WorkerReport r;
  r.worker = launch.worker;
  r.pid = static_cast<int>(::getpid());
  r.generated_ns = monotonic_ns();
  if (run) {
    r.totals = run->collect();
    r.failed = run->failed();
    r.malformed_frames = run->link_counters().malformed_frames.load(std::memory_order_relaxed);
    r.refused_peers = run->link_counters().refused_peers.load(std::memory_order_relaxed);
    r.tasks = run->task_records();
  } else {
    r.failed = true;
  }
  return r;
}

/// Cluster mode: the links to executors the assignment moved reconnect to their new hosts.
void follow_assignment(TopologyRun& run, const std::string& listed) {
  try {
    if (run.update_peer_endpoints(split_endpoint_list(listed))) spdlog::info("the assignment moved executors: {}", listed);
  } catch (const std::exception& e) {
    spdlog::error("ignored the supervisor's executor endpoints: {}", e.what());
  }
}

}  // namespace

int run_worker(const WorkerLaunch& launch) {
  ::signal(SIGINT, SIG_IGN);  // the supervisor handles Ctrl-C and tells the workers
  ::signal(SIGTERM, SIG_DFL);
  spdlog::set_default_logger(spdlog::default_logger()->clone(fmt::format("worker {}", launch.worker)));
  auto heartbeat = std::chrono::duration<double>(launch.config.get(config_keys::kWorkerHeartbeatSecs));
  zmq::context_t context(1);
  TransportSettings transport = TransportSettings::from(launch.config);
  zmq::socket_t commands(context, zmq::socket_type::sub), reports(context, zmq::socket_type::push);
  commands.set(zmq::sockopt::subscribe, "");
  commands.connect(transport.control_endpoint());
  reports.set(zmq::sockopt::linger, 2000);
  reports.connect(transport.reports_endpoint());
  auto send = [&](const WorkerReport& r) { reports.send(zmq::buffer(encode_report(r)), zmq::send_flags::dontwait); };

  std::unique_ptr<TopologyRun> run;
  try {
    run = std::make_unique<TopologyRun>(launch.topology_name, launch.config, launch.topology,
                                        WorkerRole{launch.worker, transport}, launch.run_id);
  } catch (const std::exception& e) {
    spdlog::critical("worker {} could not start: {}", launch.worker, e.what());
    send(report_of(launch, nullptr));
    return 3;
  }
  spdlog::debug("worker {} (pid {}) running", launch.worker, ::getpid());

  WorkerCommands state;
  auto next_report = std::chrono::steady_clock::now();
  auto orphan_after = std::chrono::duration<double>(launch.config.get(config_keys::kWorkerOrphanTimeoutSecs));
  auto last_command = std::chrono::steady_clock::now();
  while (!state.stopping) {
    zmq::pollitem_t item{commands.handle(), 0, ZMQ_POLLIN, 0};
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_report - std::chrono::steady_clock::now());
    zmq::poll(&item, 1, std::max(wait, std::chrono::milliseconds(0)));
    zmq::message_t message;
    while (commands.recv(message, zmq::recv_flags::dontwait))
      if (auto received = WorkerCommands::decode(message.to_string_view())) {
        if (received->executor_endpoints != state.executor_endpoints && !received->executor_endpoints.empty())
          follow_assignment(*run, received->executor_endpoints);
        state = std::move(*received);
        last_command = std::chrono::steady_clock::now();
      }
    if (orphan_after.count() > 0 && std::chrono::steady_clock::now() - last_command > orphan_after) {
      // The supervisor is frozen (SIGSTOP, swapped out): its ZooKeeper session may have expired
      // and Nimbus given these tasks to another host. Stop rather than run them twice.
      spdlog::error("worker {}: no word from the supervisor for {:.1f} s ({}); stopping", launch.worker,
                    orphan_after.count(), config_keys::kWorkerOrphanTimeoutSecs.name);
      break;
    }
    if (state.deactivated) run->deactivate();
    else run->activate();
    if (std::chrono::steady_clock::now() >= next_report) {
      send(report_of(launch, run.get()));
      next_report += std::chrono::duration_cast<std::chrono::steady_clock::duration>(heartbeat);
    }
  }
  run->stop();
  WorkerReport last = report_of(launch, run.get());
  last.stopped = true;
  send(last);
  run.reset();
  return 0;
}

}  // namespace squall::runtime
