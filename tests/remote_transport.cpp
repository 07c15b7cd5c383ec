// The transport between worker processes, without the processes: two TopologyRuns in this
// process, each in the role of one worker, exchange every tuple and ack over ipc (msgpack
// frames, RemoteSender → RemoteInbox). Being a "runtime" suite, this runs under ThreadSanitizer,
// which the forked workers of tests/workers.cpp cannot.

#include <doctest/doctest.h>

#include "squall/runtime/local/topology_run.hpp"
#include "support/files.hpp"
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

}  // namespace

TEST_CASE("two worker roles exchange every tuple and ack over ipc; acks complete every tree") {
  test::TempDir dir;
  auto spout_log = std::make_shared<test::SpoutLog>();
  auto sink_log = std::make_shared<test::SinkLog>();
  squall::TopologyBuilder b;
  b.set_spout("spout", [spout_log] { return std::make_unique<test::CountingSpout>(spout_log, 20000); });
  b.set_bolt("pass", [] { return std::make_unique<test::PassBolt>(); }).shuffle_grouping("spout");
  b.set_bolt("sink", [sink_log] { return std::make_unique<test::SinkBolt>(sink_log); }).shuffle_grouping("pass");
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
