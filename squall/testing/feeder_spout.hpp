#pragma once
// Storm's FeederSpout: a spout the test feeds while the topology runs.
//
//   squall::testing::FeederSpout feeder({"word"});
//   builder.set_spout("words", feeder.factory());
//   ... submit ...
//   feeder.feed({"storm"}, squall::MessageId(1));
//   feeder.finish();   // then wait_until_complete returns once everything fed is done

#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "squall/api/fields.hpp"
#include "squall/api/message_id.hpp"
#include "squall/api/spout.hpp"
#include "squall/api/topology.hpp"
#include "squall/api/value.hpp"

namespace squall::testing {

/// A handle to a queue of tuples shared with the spout's tasks (one process). Thread-safe. Tuples
/// fed with a message id are tracked: acked() and failed() list their ids; a failed tuple is not
/// replayed (Storm's FeederSpout neither), so a test sees exactly what failed.
class FeederSpout {
 public:
  /// `fields`: the fields of the tuples fed (stream "default").
  explicit FeederSpout(Fields fields);

  /// Queues `values` (as many as the fields); with a message id the tuple is tracked.
  /// Throws std::invalid_argument for a wrong number of values.
  void feed(Values values, MessageId id = {});
  /// Nothing more will be fed: the spout is exhausted once the queue is empty and every tracked
  /// tuple was acked or failed.
  void finish();
  /// Ids of tracked tuples acked / failed so far.
  std::vector<MessageId> acked() const;
  std::vector<MessageId> failed() const;

  /// Makes the spout's tasks (give it to TopologyBuilder::set_spout). Each fed tuple is emitted by
  /// one task.
  SpoutFactory factory() const;

 private:
  struct Shared {
    Fields fields;
    mutable std::mutex mutex;
    std::deque<std::pair<Values, MessageId>> queue;
    std::vector<MessageId> acked, failed;
    std::size_t in_flight = 0;
    bool finished = false;
  };
  class Task;
  std::shared_ptr<Shared> shared_;
};

}  // namespace squall::testing
