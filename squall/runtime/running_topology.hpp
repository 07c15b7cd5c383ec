#pragma once
// What LocalCluster drives: a topology running in this process (TopologyRun) or in worker
// processes under a supervisor (Supervisor).

#include "squall/runtime/metrics_snapshot.hpp"

namespace squall::runtime {

class RunningTopology {
 public:
  virtual ~RunningTopology() = default;
  /// True when every spout is exhausted, nothing is pending and no tuple is queued or in flight.
  virtual bool complete() const = 0;
  /// True when the topology cannot complete: an executor stopped on an exception.
  virtual bool failed() const = 0;
  /// True when nothing is pending and nothing is in flight (spouts may not be exhausted).
  virtual bool drained() const = 0;
  /// Stops calling next_tuple; acks, fails and timeouts keep being processed.
  virtual void deactivate() = 0;
  /// Calls next_tuple again after deactivate() (Spout::activate runs); no effect once stopping.
  virtual void activate() = 0;
  /// False between deactivate() and activate(), and once stopping.
  virtual bool active() const = 0;
  /// Stops every executor (close/cleanup run) and returns the final metrics. Idempotent.
  virtual MetricsSnapshot stop() = 0;
  virtual MetricsSnapshot metrics() const = 0;
};

}  // namespace squall::runtime
