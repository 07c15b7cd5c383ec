#pragma once
// Storm's Testing.completeTopology in C++: run a topology on given inputs until every tuple is
// done, and get back every tuple each component emitted, by stream.
//
//   squall::testing::CompleteTopologyParams params;
//   params.mocked_sources.add_mock_data("sentences", {{"the cow"}, {"the moon"}});
//   auto out = squall::testing::complete_topology(builder.create_topology(), params);
//   CHECK(out.read("split").size() == 4);   // [the] [cow] [the] [moon]

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "squall/api/config.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/topology.hpp"
#include "squall/testing/captured_tuples.hpp"

namespace squall::testing {

/// Storm's MockedSources: tuples a spout emits instead of running its own code.
class MockedSources {
 public:
  /// `spout` emits `tuples` on `stream` once (from one task, each with a message id), then is
  /// exhausted. Its declared streams are kept, so `tuples` must match the stream's fields.
  MockedSources& add_mock_data(std::string spout, std::vector<Values> tuples, std::string stream = std::string(kDefaultStream));
  /// Mocked tuples of `spout`, by stream (empty when the spout is not mocked).
  const std::map<std::string, std::vector<Values>>& of(const std::string& spout) const;

 private:
  std::map<std::string, std::map<std::string, std::vector<Values>>> data_;
};

/// Storm's CompleteTopologyParam.
struct CompleteTopologyParams {
  MockedSources mocked_sources;
  /// The topology config (topology.workers must stay 1: the run is in this process).
  Config config;
  /// Longest the run may take before complete_topology throws.
  std::chrono::milliseconds timeout{60'000};
  std::string topology_name = "complete-topology";
};

/// Runs `topology` in this process until every spout is exhausted and every tuple is acked or
/// failed, with the spouts named in `params.mocked_sources` emitting the given tuples instead;
/// other spouts must be finite (Spout::exhausted). Returns every tuple every component emitted on
/// its non-direct streams (a capturing bolt subscribes to all of them). Throws TopologyError for
/// an invalid topology or config, a run that does not complete within `params.timeout`, or
/// topology.workers > 1.
CapturedTuples complete_topology(const Topology& topology, const CompleteTopologyParams& params = {});

}  // namespace squall::testing
