#include "squall/testing/complete_topology.hpp"

#include <memory>

#include <fmt/format.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "squall/testing/capturing_bolt.hpp"

namespace squall::testing {

namespace {

/// A mocked spout: the given tuples, by stream, each once with a message id.
class MockSpout : public Spout {
 public:
  explicit MockSpout(std::vector<std::pair<std::string, Values>> tuples) : tuples_(std::move(tuples)) {}
  void declare_output_fields(OutputFieldsDeclarer&) const override {}  // the original's streams are kept
  void open(const TopologyContext&, SpoutOutputCollector& collector) override { collector_ = &collector; }
  void next_tuple() override {
    if (next_ == tuples_.size()) return;
    auto& [stream, values] = tuples_[next_];
    collector_->emit(stream, values, MessageId(static_cast<std::int64_t>(next_)));
    ++next_;
  }
  void ack(const MessageId&) override { ++done_; }
  void fail(const MessageId&) override { ++done_; }
  bool exhausted() const override { return next_ == tuples_.size() && done_ == tuples_.size(); }

 private:
  std::vector<std::pair<std::string, Values>> tuples_;
  std::size_t next_ = 0, done_ = 0;
  SpoutOutputCollector* collector_ = nullptr;
};

constexpr std::string_view kCapturer = "squall.testing.capturer";

}  // namespace

MockedSources& MockedSources::add_mock_data(std::string spout, std::vector<Values> tuples, std::string stream) {
  auto& list = data_[std::move(spout)][std::move(stream)];
  for (auto& t : tuples) list.push_back(std::move(t));
  return *this;
}

const std::map<std::string, std::vector<Values>>& MockedSources::of(const std::string& spout) const {
  static const std::map<std::string, std::vector<Values>> none;
  auto it = data_.find(spout);
  return it == data_.end() ? none : it->second;
}

CapturedTuples complete_topology(const Topology& topology, const CompleteTopologyParams& params) {
  if (params.config.get(config_keys::kWorkers) != 1)
    throw TopologyError("complete_topology runs the topology in this process: topology.workers must be 1");
  auto captured = std::make_shared<CapturedTuples>();
  std::vector<ComponentDef> components = topology.components();
  ComponentDef capturer;
  capturer.id = std::string(kCapturer);
  capturer.kind = ComponentDef::Kind::bolt;
  capturer.bolt_factory = [captured] { return std::make_unique<CapturingBolt>(captured); };
  capturer.outputs_given = true;
  for (auto& c : components) {
    for (const auto& [stream, declaration] : c.outputs)
      if (!declaration.direct) capturer.inputs.push_back({c.id, stream, Grouping::global()});
    if (c.kind != ComponentDef::Kind::spout) continue;
    const auto& mocked = params.mocked_sources.of(c.id);
    if (mocked.empty()) continue;
    std::vector<std::pair<std::string, Values>> tuples;
    for (const auto& [stream, list] : mocked) {
      if (!c.outputs.contains(stream))
        throw TopologyError(fmt::format("mocked spout '{}' declares no stream '{}'", c.id, stream));
      for (const auto& values : list) tuples.emplace_back(stream, values);
    }
    c.spout_factory = [tuples] { return std::make_unique<MockSpout>(tuples); };
    c.parallelism = c.num_tasks = 1;  // each mocked tuple once
    c.outputs_given = true;
  }
  if (!capturer.inputs.empty()) components.push_back(std::move(capturer));

  Config config = params.config;
  if (!config.contains(config_keys::kProgressIntervalSecs)) config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology(params.topology_name, config, Topology(std::move(components)));
  bool complete = cluster.wait_until_complete(params.topology_name, params.timeout);
  cluster.kill_topology(params.topology_name);
  if (!complete)
    throw TopologyError(fmt::format("topology '{}' did not complete within {} ms: a spout that is not finite, or tuples "
                                    "never acked",
                                    params.topology_name, params.timeout.count()));
  return std::move(*captured);
}

}  // namespace squall::testing
