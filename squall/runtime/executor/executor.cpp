#include "squall/runtime/executor/executor.hpp"

#include <pthread.h>
#include <sched.h>
#include <spdlog/spdlog.h>

namespace squall::runtime {

Executor::Executor(RunState& run, const ExecutorPlan& plan)
    : run_(run), plan_(plan), counters_(run.counters[static_cast<std::size_t>(plan.index)]), user_errors_(run) {
  InprocInbox local(run.zmq, inbox_endpoint(run.run_id, plan.index), run.settings.receive_batches,
                    counters_.batches_in);
  std::optional<RemoteInbox> remote;
  if (run.role) {
    auto lookup = [&plan = run.plan](std::string_view component, std::string_view stream) {
      return plan.find_schema(component, stream);
    };
    remote.emplace(run.zmq, run.role->transport, plan.index, run.settings.remote_receive_frames, lookup, plan.tasks,
                   run.link_counters);
  }
  inbox_.emplace(std::move(local), std::move(remote), counters_.received);
  outbox_.emplace(run.outbox_settings(), plan.index, run.plan.executors().size());
  emitter_.emplace(run, *outbox_);
  for (int index : run.plan.chained_to(plan.index)) {
    auto& stage = *chained_.emplace_back(
        std::make_unique<BoltStage>(run, run.plan.executors()[static_cast<std::size_t>(index)], *emitter_, user_errors_));
    for (int task : stage.plan().tasks) emitter_->chain(task, stage);
  }
}

Executor::~Executor() { join(); }

void Executor::start() { thread_ = std::thread([this] { main(); }); }

void Executor::join() {
  if (thread_.joinable()) thread_.join();
}

void Executor::wait_for_input(std::chrono::microseconds timeout) {
  if (yields_left_ > 0) {
    --yields_left_;
    sched_yield();
  } else if (timeout.count() > 0) {
    inbox_->wait(timeout, poll_fds_);
  }
  poll_bolts();
}

void Executor::add_polled(BoltStage& stage) {
  if (stage.poll_fds().empty()) return;
  polled_stages_.push_back(&stage);
  poll_fds_.insert(poll_fds_.end(), stage.poll_fds().begin(), stage.poll_fds().end());
}

void Executor::main() {
  // The component's id as the thread's name (Linux allows 15 characters): `top -H`, perf and gdb
  // then show which executor is busy.
  std::string name = plan_.component ? plan_.component->id : "__acker";
  pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
  try {
    for (auto& stage : chained_) {
      stage->setup();
      add_polled(*stage);
    }
    setup();
    loop();
  } catch (const std::exception& e) {
    spdlog::critical("[{}] {} (executor {}) stopped: {}", run_.plan.topology_name(), plan_.component ? plan_.component->id : "__acker", plan_.index, e.what());
    run_.executor_failed = true;
  }
  try {
    teardown();
  } catch (const std::exception& e) {
    spdlog::error("[{}] executor {} teardown: {}", run_.plan.topology_name(), plan_.index, e.what());
  }
  for (auto& stage : chained_) stage->teardown();
  // Nobody sends once everyone has arrived; what is still queued can then be freed safely.
  run_.shutdown_barrier.arrive_and_wait();
  while (inbox_->try_receive()) {
  }
  run_.shutdown_barrier.arrive_and_wait();
  polled_stages_.clear();
  chained_.clear();
  emitter_.reset();
  outbox_.reset();
  inbox_.reset();
}

}  // namespace squall::runtime
