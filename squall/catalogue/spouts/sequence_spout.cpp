#include "squall/catalogue/spouts/sequence_spout.hpp"

#include "squall/api/spout_output_collector.hpp"
#include "squall/api/topology_context.hpp"

namespace squall::spouts {

void SequenceSpout::open(const TopologyContext& context, SpoutOutputCollector& collector) {
  collector_ = &collector;
  first_ = next_ = context.task_index();
  stride_ = context.component_parallelism();
  rate_.start();
}

void SequenceSpout::next_tuple() {
  if (!rate_.ready()) return;
  std::int64_t n;
  if (!replay_.empty()) {
    n = replay_.front();
    replay_.pop_front();
  } else {
    if (all_made()) return;
    n = next_;
    next_ += stride_;
    ++pending_;
  }
  collector_->emit(make_tuple(n), MessageId(n));
  rate_.sent();
}

void SequenceSpout::ack(const MessageId&) { --pending_; }
void SequenceSpout::fail(const MessageId& id) { replay_.push_back(id.as_int()); }
bool SequenceSpout::exhausted() const { return all_made() && pending_ == 0 && replay_.empty(); }

}  // namespace squall::spouts
