#pragma once
// The collector a stateful bolt gets: its acks are held until the checkpoint that holds the
// inputs' effect is committed (Storm's StatefulBoltExecutor.AckTrackingOutputCollector).

#include <vector>

#include "squall/api/output_collector.hpp"

namespace squall::state {

class HoldingCollector final : public OutputCollector {
 public:
  explicit HoldingCollector(OutputCollector& out) : out_(out) {}

  std::span<const int> emit(std::string_view stream, std::span<const Tuple> anchors, Values values) override {
    return out_.emit(stream, anchors, std::move(values));
  }
  void emit_direct(int task, std::string_view stream, std::span<const Tuple> anchors, Values values) override {
    out_.emit_direct(task, stream, anchors, std::move(values));
  }
  /// Held: acked at the next COMMIT, failed at a ROLLBACK.
  void ack(const Tuple& input) override { acked_.push_back(input); }
  void fail(const Tuple& input) override { out_.fail(input); }
  void reset_timeout(const Tuple& input) override { out_.reset_timeout(input); }
  void report_error(std::string_view message) override { out_.report_error(message); }

  /// PREPARE: the inputs acked so far are in the state being prepared.
  void prepared() {
    prepared_.insert(prepared_.end(), acked_.begin(), acked_.end());
    acked_.clear();
  }
  /// COMMIT: acks the prepared inputs upstream.
  void committed() {
    for (const auto& t : prepared_) out_.ack(t);
    prepared_.clear();
  }
  /// ROLLBACK: fails every held input, prepared or not, for replay.
  void rolled_back() {
    for (const auto* list : {&prepared_, &acked_})
      for (const auto& t : *list) out_.fail(t);
    prepared_.clear();
    acked_.clear();
  }
  std::size_t held() const noexcept { return acked_.size() + prepared_.size(); }

 private:
  OutputCollector& out_;
  std::vector<Tuple> acked_, prepared_;
};

}  // namespace squall::state
