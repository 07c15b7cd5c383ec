// The public testing kit (squall/testing.hpp): complete_topology with mocked sources, the
// capture of every component's streams, and FeederSpout.
#include <doctest/doctest.h>

#include <set>
#include <stdexcept>

#include "squall/api/errors.hpp"
#include "squall/api/topology_builder.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/testing.hpp"
#include "support/test_components.hpp"

using namespace squall;
using squall::testing::CompleteTopologyParams;

namespace {

// Splits "a b" into words on "default" and reports the word count on stream "sizes".
class Splitter : public BasicBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override {
    d.declare({"word"});
    d.declare_stream("sizes", {"n"});
  }
  void execute(const Tuple& input, BasicOutputCollector& out) override {
    std::int64_t n = 0;
    const std::string& s = input.get_string(0);
    for (std::size_t start = 0, end; start <= s.size(); start = end + 1) {
      end = std::min(s.find(' ', start), s.size());
      if (end > start) {
        out.emit({s.substr(start, end - start)});
        ++n;
      }
    }
    out.emit("sizes", {n});
  }
};

// A spout that never ends: complete_topology must give up after its timeout.
class EndlessSpout : public Spout {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"line"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {}

 private:
  SpoutOutputCollector* out_ = nullptr;
};

// Fails the word "x", acks every other tuple.
class FailX : public Bolt {
 public:
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void declare_output_fields(OutputFieldsDeclarer&) const override {}
  void execute(const Tuple& input) override { input.get_string(0) == "x" ? out_->fail(input) : out_->ack(input); }

 private:
  OutputCollector* out_ = nullptr;
};

}  // namespace

TEST_CASE("complete_topology runs mocked inputs to completion and returns every stream of every component") {
  TopologyBuilder b;
  b.set_spout("lines", [] { return std::make_unique<EndlessSpout>(); }, 3);
  b.set_bolt("split", [] { return std::make_unique<Splitter>(); }, 2).shuffle_grouping("lines");
  CompleteTopologyParams params;
  params.mocked_sources.add_mock_data("lines", {{"the cow"}, {"jumped over the moon"}, {""}});
  auto out = squall::testing::complete_topology(b.create_topology(), params);

  CHECK(out.read("lines").size() == 3);  // once each, though the spout has 3 tasks
  auto words = out.read("split");
  std::multiset<std::string> seen;
  for (const auto& v : words) seen.insert(v[0].as_string());
  CHECK(seen == std::multiset<std::string>{"the", "cow", "jumped", "over", "the", "moon"});
  std::multiset<std::int64_t> sizes;
  for (const auto& v : out.read("split", "sizes")) sizes.insert(v[0].as_int());
  CHECK(sizes == std::multiset<std::int64_t>{0, 2, 4});
  CHECK(out.fields("split", "sizes") == Fields{"n"});
  CHECK(out.read("nobody").empty());
  CHECK(out.size() == 3 + 6 + 3);
}

TEST_CASE("complete_topology refuses what it cannot do, and gives up on an endless spout") {
  TopologyBuilder b;
  b.set_spout("lines", [] { return std::make_unique<EndlessSpout>(); });
  b.set_bolt("split", [] { return std::make_unique<Splitter>(); }).shuffle_grouping("lines");
  CompleteTopologyParams params;
  params.timeout = std::chrono::milliseconds(300);
  CHECK_THROWS_WITH_AS(squall::testing::complete_topology(b.create_topology(), params),
                       doctest::Contains("did not complete within 300 ms"), TopologyError);
  params.mocked_sources.add_mock_data("lines", {{"x"}}, "other");
  CHECK_THROWS_WITH_AS(squall::testing::complete_topology(b.create_topology(), params),
                       doctest::Contains("mocked spout 'lines' declares no stream 'other'"), TopologyError);
  CompleteTopologyParams workers;
  workers.config.set(config_keys::kWorkers, 2);
  CHECK_THROWS_WITH_AS(squall::testing::complete_topology(b.create_topology(), workers),
                       doctest::Contains("topology.workers must be 1"), TopologyError);
}

TEST_CASE("FeederSpout feeds a running topology and reports acks and fails by message id") {
  squall::testing::FeederSpout feeder({"line"});
  auto captured = std::make_shared<squall::testing::CapturedTuples>();
  TopologyBuilder b;
  b.set_spout("feed", feeder.factory(), 2);
  b.set_bolt("split", [] { return std::make_unique<Splitter>(); }).shuffle_grouping("feed");
  b.set_bolt("fail-x", [] { return std::make_unique<FailX>(); }).shuffle_grouping("split");
  b.set_bolt("capture", [captured] { return std::make_unique<squall::testing::CapturingBolt>(captured); })
      .shuffle_grouping("split");
  CHECK_THROWS_AS(feeder.feed({"a", "b"}), std::invalid_argument);
  LocalCluster cluster;
  Config c;
  c.set(config_keys::kProgressIntervalSecs, 0);
  cluster.submit_topology("feeder", c, b.create_topology());
  feeder.feed({"one two"}, MessageId(1));
  feeder.feed({"x"}, MessageId(2));
  feeder.feed({"untracked"});
  CHECK(test::eventually([&] { return feeder.acked().size() + feeder.failed().size() == 2; }));
  feeder.feed({"three"}, MessageId(3));
  feeder.finish();
  CHECK(cluster.wait_until_complete("feeder", std::chrono::seconds(60)));
  cluster.kill_topology("feeder");
  CHECK(feeder.acked() == std::vector<MessageId>{MessageId(1), MessageId(3)});
  CHECK(feeder.failed() == std::vector<MessageId>{MessageId(2)});
  CHECK(captured->read("split").size() == 5);  // one, two, x, untracked, three
}
