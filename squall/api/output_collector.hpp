#pragma once
// How a bolt emits, acks and fails (Storm's OutputCollector).

#include <exception>
#include <span>
#include <string_view>
#include <vector>

#include "squall/api/stream_ids.hpp"
#include "squall/api/tuple.hpp"
#include "squall/api/value.hpp"

namespace squall {

/// Given to a bolt in prepare(); valid until cleanup() returns. Use it only from the bolt's own
/// thread (execute, prepare, cleanup), as in Storm.
///
/// Anchoring: an emit anchored to input tuples joins their tuple trees, so the spout tuple is
/// complete only when the new tuple is acked too; an unanchored emit is not tracked.
/// Every input must be acked or failed exactly once (BasicBolt does it for you).
class OutputCollector {
 public:
  virtual ~OutputCollector() = default;

  /// Emits `values` on `stream`, anchored to `anchors`. Returns the ids of the tasks the tuple
  /// was sent to; the span is valid until the next emit. Throws TopologyError for an undeclared
  /// stream or a value count that differs from the stream's fields. May block while the receivers
  /// are full (backpressure).
  virtual std::span<const int> emit(std::string_view stream, std::span<const Tuple> anchors, Values values) = 0;
  /// Sends to one task of a subscriber of a direct stream. Throws TopologyError when `task` does
  /// not subscribe to `stream` or the stream is not declared direct.
  virtual void emit_direct(int task, std::string_view stream, std::span<const Tuple> anchors, Values values) = 0;

  /// The input is fully processed by this bolt.
  virtual void ack(const Tuple& input) = 0;
  /// The input failed: its spout tuple is failed at once and replayed by the spout.
  virtual void fail(const Tuple& input) = 0;
  /// Restarts the message timeout of the input's spout tuple(s), for long work.
  virtual void reset_timeout(const Tuple& input) = 0;
  /// Logs an error with this component and task, and counts it in the metrics.
  virtual void report_error(std::string_view message) = 0;

  std::span<const int> emit(Values values) { return emit(kDefaultStream, no_anchors(), std::move(values)); }
  std::span<const int> emit(const Tuple& anchor, Values values) { return emit(kDefaultStream, std::span<const Tuple>(&anchor, 1), std::move(values)); }
  std::span<const int> emit(const std::vector<Tuple>& anchors, Values values) { return emit(kDefaultStream, anchors, std::move(values)); }
  std::span<const int> emit(std::string_view stream, Values values) { return emit(stream, no_anchors(), std::move(values)); }
  std::span<const int> emit(std::string_view stream, const Tuple& anchor, Values values) { return emit(stream, std::span<const Tuple>(&anchor, 1), std::move(values)); }
  std::span<const int> emit(std::string_view stream, const std::vector<Tuple>& anchors, Values values) {
    return emit(stream, std::span<const Tuple>(anchors), std::move(values));
  }
  void emit_direct(int task, const Tuple& anchor, Values values) { emit_direct(task, kDefaultStream, std::span<const Tuple>(&anchor, 1), std::move(values)); }
  void emit_direct(int task, std::string_view stream, const Tuple& anchor, Values values) {
    emit_direct(task, stream, std::span<const Tuple>(&anchor, 1), std::move(values));
  }
  void emit_direct(int task, std::string_view stream, Values values) { emit_direct(task, stream, no_anchors(), std::move(values)); }

 private:
  static std::span<const Tuple> no_anchors() noexcept { return {}; }
};

}  // namespace squall
