// The transport between worker processes, without the processes: two TopologyRuns in this
// process, each in the role of one worker, exchange every tuple and ack over ipc (msgpack
// frames, RemoteSender → RemoteInbox). Being a "runtime" suite, this runs under ThreadSanitizer,
// which the forked workers of tests/workers.cpp cannot.

#include <doctest/doctest.h>

#include "squall/runtime/local/topology_run.hpp"
#include "support/files.hpp"
#include "support/processes.hpp"
#include "support/test_components.hpp"

namespace {

using namespace std::chrono_literals;
using squall::runtime::RunTotals;
using squall::runtime::TopologyRun;

RunTotals sum(const TopologyRun& a, const TopologyRun& b) {
  auto x = a.collect(), y = b.collect();
  return RunTotals{x.sent + y.sent, x.processed + y.processed, x.pending + y.pending,
                   x.spouts_exhausted && y.spouts_exhausted};
}

/// CountingSpout (20,000 tuples) → PassBolt → SinkBolt, shuffled.
squall::TopologyBuilder spout_pass_sink(const std::shared_ptr<test::SpoutLog>& spout_log,
                                        const std::shared_ptr<test::SinkLog>& sink_log) {
  squall::TopologyBuilder b;
  b.set_spout("spout", [spout_log] { return std::make_unique<test::CountingSpout>(spout_log, 20000); });
  b.set_bolt("pass", [] { return std::make_unique<test::PassBolt>(); }).shuffle_grouping("spout");
  b.set_bolt("sink", [sink_log] { return std::make_unique<test::SinkBolt>(sink_log); }).shuffle_grouping("pass");
  return b;
}

}  // namespace

TEST_CASE("two worker roles exchange every tuple and ack over ipc; acks complete every tree") {
  test::TempDir dir;
  auto spout_log = std::make_shared<test::SpoutLog>();
  auto sink_log = std::make_shared<test::SinkLog>();
  auto b = spout_pass_sink(spout_log, sink_log);
  squall::Config c;
  c.set(squall::config_keys::kWorkers, 2);  // spout and sink in worker 0, pass and the acker in worker 1
  c.set(squall::config_keys::kMessagingIpcDir, dir.path().string());
  c.set(squall::config_keys::kMaxSpoutPending, 500);
  c.set(squall::config_keys::kTransferBatchSize, 50);
  auto transport = squall::runtime::TransportSettings::from(c);

  TopologyRun worker0("t", c, b.create_topology(), squall::runtime::WorkerRole{0, transport}, "t-run");
  TopologyRun worker1("t", c, b.create_topology(), squall::runtime::WorkerRole{1, transport}, "t-run");
  // Complete: every envelope sent was processed, nothing pending, spout exhausted, twice alike.
  auto done = [&] {
    auto first = sum(worker0, worker1);
    bool ok = first.sent == first.processed && first.pending == 0 && first.spouts_exhausted;
    return ok && sum(worker0, worker1) == first;
  };
  CHECK(test::eventually(done, 120s, 5ms));
  worker0.stop();
  worker1.stop();

  CHECK(spout_log->distinct_acked() == 20000);
  CHECK(spout_log->total_fails() == 0);
  CHECK(sink_log->seen.size() == 20000);
  CHECK(sink_log->executed == 20000);
  auto records = worker1.task_records();
  REQUIRE(records.size() == 2);  // pass and the acker
  CHECK(records[0].component == "pass");
  CHECK(records[0].executed == 20000);
  CHECK(worker0.link_counters().malformed_frames == 0);
}

TEST_CASE("a worker moved to new endpoints: the other runs on, reconnects its links, and every tuple is acked") {
  test::TempDir dir;
  auto spout_log = std::make_shared<test::SpoutLog>();
  auto sink_log = std::make_shared<test::SinkLog>();
  auto b = spout_pass_sink(spout_log, sink_log);
  // Executors 0 spout, 1 pass, 2 sink, 3 acker: worker 0 runs 0 and 2, worker 1 runs 1 and 3.
  auto endpoints = [](std::vector<int> ports) {
    std::vector<std::string> out;
    for (int p : ports) out.push_back("tcp://127.0.0.1:" + std::to_string(p));
    return out;
  };
  auto config = [&](const std::vector<std::string>& listed) {
    squall::Config c;
    c.set(squall::config_keys::kWorkers, 2);
    c.set(squall::config_keys::kMessagingIpcDir, dir.path().string());
    c.set(squall::config_keys::kMaxSpoutPending, 500);
    c.set(squall::config_keys::kTransferBatchSize, 50);
    c.set(squall::config_keys::kMessageTimeoutSecs, 2);
    std::string joined;
    for (const auto& e : listed) joined += (joined.empty() ? "" : ",") + e;
    c.set(squall::config_keys::kMessagingExecutorEndpoints, joined);
    return c;
  };
  int spout_port = test::free_port(), sink_port = test::free_port();
  auto before = endpoints({spout_port, test::free_port(), sink_port, test::free_port()});
  auto after = endpoints({spout_port, test::free_port(), sink_port, test::free_port()});
  auto run = [&](int worker, const std::vector<std::string>& listed) {
    auto c = config(listed);
    return std::make_unique<TopologyRun>("t", c, b.create_topology(),
                                         squall::runtime::WorkerRole{worker, squall::runtime::TransportSettings::from(c)},
                                         "t-run");
  };
  auto worker0 = run(0, before);
  auto worker1 = run(1, before);
  REQUIRE(test::eventually([&] { return spout_log->distinct_acked() >= 2000; }, 60s, 5ms));

  // Worker 1's host is lost; Nimbus starts it elsewhere. Worker 0 keeps its executors and state.
  worker1->stop();
  worker1.reset();
  auto moved = run(1, after);
  CHECK_FALSE(worker0->update_peer_endpoints(before));  // nothing moved yet: no reconnect
  CHECK(worker0->update_peer_endpoints(after));
  CHECK_THROWS_AS(worker0->update_peer_endpoints({after[0]}), std::invalid_argument);
  // The tuples worker 1 held time out at the spout and are replayed, now to its new endpoints.
  CHECK(test::eventually([&] { return spout_log->distinct_acked() == 20000; }, 120s, 5ms));
  worker0->stop();
  moved->stop();
  CHECK(sink_log->seen.size() == 20000);
  CHECK(worker0->link_counters().malformed_frames == 0);
}
