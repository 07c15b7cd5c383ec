#pragma once
// A reliable spout whose tuple n is a pure function of n: message id = n, a failed tuple is made
// again rather than stored. The base of the synthetic spouts.

#include <cstdint>
#include <deque>

#include "squall/api/rate_limiter.hpp"
#include "squall/api/spout.hpp"

namespace squall::spouts {

/// Task i of k makes tuples i, i + k, i + 2k, ...; `count` per task (0 = endless), at most
/// `per_second` per task (0 = unthrottled). Failed tuples go first on the next next_tuple().
/// exhausted() once `count` tuples went and every one was acked.
class SequenceSpout : public Spout {
 public:
  SequenceSpout(std::int64_t count, double per_second) : count_(count), rate_(per_second) {}

  /// Tuple n's values, on the default stream.
  virtual Values make_tuple(std::int64_t n) const = 0;

  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  bool exhausted() const override;

 private:
  bool all_made() const noexcept { return count_ > 0 && (next_ - first_) / stride_ >= count_; }

  std::int64_t count_;
  RateLimiter rate_;
  std::int64_t next_ = 0, first_ = 0, stride_ = 1, pending_ = 0;
  std::deque<std::int64_t> replay_;
  SpoutOutputCollector* collector_ = nullptr;
};

}  // namespace squall::spouts
