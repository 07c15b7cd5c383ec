#pragma once
// A source of tuples (Storm's ISpout).

#include "squall/api/failure_reason.hpp"
#include "squall/api/message_id.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"
#include "squall/api/topology_context.hpp"

namespace squall {

/// A spout task. squall calls every method from the one executor thread that owns the task, so a
/// spout needs no locks. Lifecycle: declare_output_fields (on a separate instance, at build time),
/// open, activate, then next_tuple / ack / fail interleaved, deactivate, close.
class Spout {
 public:
  virtual ~Spout() = default;

  /// Declares the output streams. Called once per component on an instance made for the purpose.
  virtual void declare_output_fields(OutputFieldsDeclarer& declarer) const = 0;
  /// Called once before anything else; keep the collector for emitting.
  virtual void open(const TopologyContext& context, SpoutOutputCollector& collector) = 0;
  /// Emits zero or more tuples. Must not block: return when there is nothing to emit (squall then
  /// waits a little before calling again). Not called while max spout pending is reached.
  virtual void next_tuple() = 0;
  /// The tuple tree of `id` was fully processed.
  virtual void ack(const MessageId& id) { (void)id; }
  /// The tuple of `id` failed (explicitly, or timed out): replay it if it must not be lost.
  virtual void fail(const MessageId& id) { (void)id; }
  /// As fail(id), with the reason: a timeout, or the bolt and task that failed the tuple.
  /// The default calls fail(id).
  virtual void fail(const MessageId& id, const FailureReason& reason) {
    (void)reason;
    fail(id);
  }
  virtual void activate() {}
  virtual void deactivate() {}
  virtual void close() {}

  /// A finite spout returns true once it will emit nothing more unless fail() gives it something
  /// to replay. A topology run "until complete" ends when every spout is exhausted and nothing is
  /// pending. Unbounded sources keep the default.
  virtual bool exhausted() const { return false; }
};

}  // namespace squall
