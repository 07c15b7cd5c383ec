#pragma once
// Instrumented spouts and bolts for the runtime suites.

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "squall/runtime/local_cluster.hpp"
#include "squall/api/bolt.hpp"
#include "squall/api/spout.hpp"
#include "squall/api/topology_builder.hpp"

namespace test {

/// What a spout saw: acks and fails per message id, failure reasons, the peak of un-acked tuples.
struct SpoutLog {
  std::mutex mutex;
  std::map<std::int64_t, int> acks, fails;
  std::vector<squall::FailureReason> reasons;
  std::atomic<std::int64_t> emitted{0};
  std::atomic<std::int64_t> outstanding{0};
  std::atomic<std::int64_t> max_outstanding{0};
  std::atomic<bool> closed{false};
  std::set<std::thread::id> threads;  ///< where ack() ran: the spout's executor threads

  int ack_count(std::int64_t id) {
    std::lock_guard l(mutex);
    return acks.count(id) ? acks[id] : 0;
  }
  int fail_count(std::int64_t id) {
    std::lock_guard l(mutex);
    return fails.count(id) ? fails[id] : 0;
  }
  std::size_t distinct_acked() {
    std::lock_guard l(mutex);
    return acks.size();
  }
  std::size_t total_fails() {
    std::lock_guard l(mutex);
    std::size_t n = 0;
    for (auto& [_, c] : fails) n += static_cast<std::size_t>(c);
    return n;
  }
};

/// Emits ids [0, count) as (id, payload) with message ids; replays every failed id; finite. The
/// payload is 32 x's, or "payload-<id>" when `numbered`.
class CountingSpout : public squall::Spout {
 public:
  CountingSpout(std::shared_ptr<SpoutLog> log, std::int64_t count, bool reliable = true, bool numbered = false)
      : log_(std::move(log)), count_(count), reliable_(reliable), numbered_(numbered) {}
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void open(const squall::TopologyContext& ctx, squall::SpoutOutputCollector& c) override {
    collector_ = &c;
    next_ = ctx.task_index();
    step_ = ctx.component_parallelism();
  }
  void next_tuple() override {
    std::int64_t id;
    if (!replay_.empty()) {
      id = replay_.back();
      replay_.pop_back();
    } else if (next_ < count_) {
      id = next_;
      next_ += step_;
    } else {
      return;
    }
    if (reliable_) {
      auto now = ++log_->outstanding;
      auto peak = log_->max_outstanding.load();
      while (now > peak && !log_->max_outstanding.compare_exchange_weak(peak, now)) {
      }
    }
    ++log_->emitted;
    collector_->emit({id, numbered_ ? "payload-" + std::to_string(id) : std::string(32, 'x')},
                     reliable_ ? squall::MessageId(id) : squall::MessageId());
  }
  void ack(const squall::MessageId& id) override {
    --log_->outstanding;
    std::lock_guard l(log_->mutex);
    ++log_->acks[id.as_int()];
    log_->threads.insert(std::this_thread::get_id());
  }
  void fail(const squall::MessageId& id, const squall::FailureReason& why) override {
    --log_->outstanding;
    replay_.push_back(id.as_int());
    std::lock_guard l(log_->mutex);
    ++log_->fails[id.as_int()];
    log_->reasons.push_back(why);
  }
  bool exhausted() const override { return next_ >= count_ && replay_.empty(); }
  void close() override { log_->closed = true; }

 private:
  std::shared_ptr<SpoutLog> log_;
  std::int64_t count_, next_ = 0, step_ = 1;
  bool reliable_, numbered_;
  squall::SpoutOutputCollector* collector_ = nullptr;
  std::vector<std::int64_t> replay_;
};

/// Passes (id, payload) on, anchored, `copies` times per input.
class PassBolt : public squall::BasicBolt {
 public:
  explicit PassBolt(int copies = 1) : copies_(copies) {}
  void declare_output_fields(squall::OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void execute(const squall::Tuple& in, squall::BasicOutputCollector& out) override {
    for (int i = 0; i < copies_; ++i) out.emit({in.get_int("id"), in.get_string("payload")});
  }

 private:
  int copies_;
};

/// Counts what reaches it per id; acks everything.
struct SinkLog {
  std::mutex mutex;
  std::map<std::int64_t, int> seen;
  std::atomic<std::int64_t> executed{0};
  std::atomic<bool> cleaned_up{false};
};

class SinkBolt : public squall::BasicBolt {
 public:
  explicit SinkBolt(std::shared_ptr<SinkLog> log) : log_(std::move(log)) {}
  void execute(const squall::Tuple& in, squall::BasicOutputCollector&) override {
    ++log_->executed;
    std::lock_guard l(log_->mutex);
    ++log_->seen[in.get_int("id")];
  }
  void cleanup() override { log_->cleaned_up = true; }

 private:
  std::shared_ptr<SinkLog> log_;
};

/// Runs a topology until complete (or `limit`), then kills it. Returns the final metrics.
inline squall::MetricsSnapshot run_until_complete(const squall::TopologyBuilder& builder, squall::Config config,
                                                  std::chrono::seconds limit = std::chrono::seconds(120),
                                                  bool* completed = nullptr) {
  config.set(squall::config_keys::kProgressIntervalSecs, 0);
  squall::LocalCluster cluster;
  cluster.submit_topology("test", config, builder.create_topology());
  bool done = cluster.wait_until_complete("test", limit);
  if (completed) *completed = done;
  return cluster.kill_topology("test");
}

/// Polls `condition` every `interval` (default 1 ms; longer for costly checks) until it holds or
/// `limit` passes.
template <typename F>
bool eventually(F condition, std::chrono::milliseconds limit = std::chrono::milliseconds(30000),
                std::chrono::milliseconds interval = std::chrono::milliseconds(1)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(interval);
  }
  return condition();
}

}  // namespace test
