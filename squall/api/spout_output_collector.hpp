#pragma once
// How a spout emits (Storm's SpoutOutputCollector).

#include <span>
#include <string_view>

#include "squall/api/message_id.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/value.hpp"

namespace squall {

/// Given to a spout in open(); valid until close() returns; use it from the spout's thread only.
/// A tuple emitted with a message id is tracked: the spout later gets ack(id) when its whole tuple
/// tree is processed, or fail(id) on an explicit fail or after topology.message.timeout.secs.
class SpoutOutputCollector {
 public:
  virtual ~SpoutOutputCollector() = default;

  /// Emits `values` on `stream`. Returns the ids of the receiving tasks; the span is valid until the
  /// next emit. Throws TopologyError for an undeclared stream or a wrong value count. May block
  /// while the receivers are full (backpressure).
  virtual std::span<const int> emit(std::string_view stream, Values values, MessageId id) = 0;
  /// Sends to one task subscribed to the direct `stream`.
  virtual void emit_direct(int task, std::string_view stream, Values values, MessageId id) = 0;
  /// Logs an error with this component and task, and counts it in the metrics.
  virtual void report_error(std::string_view message) = 0;

  std::span<const int> emit(Values values, MessageId id = {}) { return emit(kDefaultStream, std::move(values), std::move(id)); }
  void emit_direct(int task, Values values, MessageId id = {}) {
    emit_direct(task, kDefaultStream, std::move(values), std::move(id));
  }
};

}  // namespace squall
