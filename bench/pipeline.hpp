#pragma once
// The core benchmark's pipeline components: spout → forward bolt → sink bolt with small tuples
// (int64 key, int64 value, 32-byte string). Shared by bench/throughput and bench/workers.

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <cstdio>

#include <sys/resource.h>

#include "squall/runtime/local_cluster.hpp"
#include "squall/api/topology_builder.hpp"

namespace bench {

using namespace squall;
using Clock = std::chrono::steady_clock;

/// Emits `count` tuples, at `rate` tuples/s (0 = unthrottled), with message ids when `reliable`.
class BenchSpout : public Spout {
 public:
  BenchSpout(std::int64_t count, double rate, bool reliable) : count_(count), rate_(rate), reliable_(reliable) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"key", "value", "text"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override {
    out_ = &c;
    start_ = Clock::now();
  }
  void next_tuple() override {
    if (next_ >= count_) return;
    if (rate_ > 0) {
      double due = std::chrono::duration<double>(Clock::now() - start_).count() * rate_;
      if (static_cast<double>(next_) >= due) return;
    }
    // Built in place: Values{a, b, c} goes through an initializer_list, which copies the
    // string once more (about 5 % of the pipeline's CPU).
    Values values;
    values.reserve(3);
    values.emplace_back(next_ % 1024);
    values.emplace_back(next_);
    values.emplace_back(text_);
    out_->emit(std::move(values), reliable_ ? MessageId(next_) : MessageId());
    ++next_;
  }
  bool exhausted() const override { return next_ >= count_; }

 private:
  std::int64_t count_, next_ = 0;
  double rate_;
  bool reliable_;
  std::string text_ = std::string(32, 't');
  SpoutOutputCollector* out_ = nullptr;
  Clock::time_point start_;
};

/// Re-emits its input, anchored, and acks it.
class ForwardBolt : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"key", "value", "text"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    out_->emit(in, Values(in.values()));
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
};

/// Acks its input (and sums a field, so that the work is not optimized away).
class SinkBolt : public Bolt {
 public:
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    sum_ += in.get_int(1);
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
  std::int64_t sum_ = 0;
};

/// spout → forward → sink, one executor each, shuffle grouped.
inline TopologyBuilder pipeline(std::int64_t count, double rate, bool reliable) {
  TopologyBuilder b;
  b.set_spout("spout", [=] { return std::make_unique<BenchSpout>(count, rate, reliable); });
  b.set_bolt("forward", [] { return std::make_unique<ForwardBolt>(); }).shuffle_grouping("spout");
  b.set_bolt("sink", [] { return std::make_unique<SinkBolt>(); }).shuffle_grouping("forward");
  return b;
}

/// A run of `builder` under `config` to completion: its wall time from submit (s) and final metrics.
struct CompletedRun {
  double secs;
  MetricsSnapshot metrics;
};
inline CompletedRun run_to_completion(const TopologyBuilder& builder, const Config& config) {
  LocalCluster cluster;
  auto start = Clock::now();
  cluster.submit_topology("bench", config, builder.create_topology());
  if (!cluster.wait_until_complete("bench", std::chrono::minutes(5))) std::fprintf(stderr, "bench run did not complete\n");
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  return {secs, cluster.kill_topology("bench")};
}

/// This process's peak resident set so far, in MiB (getrusage's ru_maxrss), or with
/// RUSAGE_CHILDREN that of its largest finished child (a worker process): what a benchmark's runs
/// needed at most. Queues are bounded by configuration (batches per link × batch size), so it
/// must not grow with the number of tuples a run sends.
inline double peak_rss_mib(int who = RUSAGE_SELF) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

/// The median of `v` (the upper one of an even count): benchmarks report medians of their runs.
inline double median(std::vector<double> v) {
  if (v.empty()) return 0;  // a measurement not taken this run
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace bench
