#pragma once
// The collector a WindowedBolt emits through: anchors to the window being evaluated.

#include <span>

#include "squall/api/output_collector.hpp"

namespace squall {

/// Wraps the task's OutputCollector. An emit without anchors made during execute(TupleWindow) is
/// anchored to every tuple of the window (Storm's WindowedOutputCollector), so a downstream
/// failure replays the window's spout tuples; explicit anchors are used as given. Anchoring costs
/// one edge per window tuple per emit when acking is on: emit few tuples per window, or anchor to
/// a subset yourself.
class WindowCollector final : public OutputCollector {
 public:
  explicit WindowCollector(OutputCollector& out) : out_(out) {}
  using OutputCollector::emit;
  using OutputCollector::emit_direct;

  std::span<const int> emit(std::string_view stream, std::span<const Tuple> anchors, Values values) override {
    return out_.emit(stream, anchors.empty() ? window_ : anchors, std::move(values));
  }
  void emit_direct(int task, std::string_view stream, std::span<const Tuple> anchors, Values values) override {
    out_.emit_direct(task, stream, anchors.empty() ? window_ : anchors, std::move(values));
  }
  /// Window tuples are acked by the window when they expire; ack or fail others yourself.
  void ack(const Tuple& input) override { out_.ack(input); }
  void fail(const Tuple& input) override { out_.fail(input); }
  void reset_timeout(const Tuple& input) override { out_.reset_timeout(input); }
  void report_error(std::string_view message) override { out_.report_error(message); }

  /// The tuples unanchored emits attach to; empty outside an evaluation. For WindowedBolt.
  void set_window(std::span<const Tuple> tuples) noexcept { window_ = tuples; }
  OutputCollector& underlying() noexcept { return out_; }

 private:
  OutputCollector& out_;
  std::span<const Tuple> window_;
};

}  // namespace squall
