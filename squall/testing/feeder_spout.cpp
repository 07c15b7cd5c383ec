#include "squall/testing/feeder_spout.hpp"

#include <stdexcept>
#include <string>

namespace squall::testing {

class FeederSpout::Task : public Spout {
 public:
  explicit Task(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override { declarer.declare(shared_->fields); }
  void open(const TopologyContext&, SpoutOutputCollector& collector) override { collector_ = &collector; }
  void next_tuple() override {
    std::pair<Values, MessageId> next;
    {
      std::lock_guard lock(shared_->mutex);
      if (shared_->queue.empty()) return;
      next = std::move(shared_->queue.front());
      shared_->queue.pop_front();
      if (next.second.has_value()) ++shared_->in_flight;
    }
    collector_->emit(std::move(next.first), std::move(next.second));
  }
  void ack(const MessageId& id) override {
    std::lock_guard lock(shared_->mutex);
    shared_->acked.push_back(id);
    --shared_->in_flight;
  }
  void fail(const MessageId& id) override {
    std::lock_guard lock(shared_->mutex);
    shared_->failed.push_back(id);
    --shared_->in_flight;
  }
  bool exhausted() const override {
    std::lock_guard lock(shared_->mutex);
    return shared_->finished && shared_->queue.empty() && shared_->in_flight == 0;
  }

 private:
  std::shared_ptr<Shared> shared_;
  SpoutOutputCollector* collector_ = nullptr;
};

FeederSpout::FeederSpout(Fields fields) : shared_(std::make_shared<Shared>()) { shared_->fields = std::move(fields); }

void FeederSpout::feed(Values values, MessageId id) {
  if (values.size() != shared_->fields.size())
    throw std::invalid_argument("FeederSpout: " + std::to_string(values.size()) + " values for " +
                                std::to_string(shared_->fields.size()) + " fields");
  std::lock_guard lock(shared_->mutex);
  shared_->queue.emplace_back(std::move(values), std::move(id));
}

void FeederSpout::finish() {
  std::lock_guard lock(shared_->mutex);
  shared_->finished = true;
}

std::vector<MessageId> FeederSpout::acked() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->acked;
}

std::vector<MessageId> FeederSpout::failed() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->failed;
}

SpoutFactory FeederSpout::factory() const {
  return [shared = shared_] { return std::make_unique<Task>(shared); };
}

}  // namespace squall::testing
