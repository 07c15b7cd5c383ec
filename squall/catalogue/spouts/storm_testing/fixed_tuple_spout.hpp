#pragma once
// org.apache.storm.testing.FixedTupleSpout: emits a fixed list of tuples once each, with message
// ids, then is exhausted. As in Storm, a failed tuple is counted and logged, not replayed.

#include <cstdint>
#include <vector>

#include "squall/api/log_throttle.hpp"
#include "squall/api/registry/component_settings.hpp"
#include "squall/api/registry/settings_schema.hpp"
#include "squall/api/spout.hpp"

namespace squall::spouts {

class FixedTupleSpout : public Spout {
 public:
  struct Settings {
    nlohmann::json tuples;
    std::vector<std::string> fields{"word"};
    void describe(SettingsSchema& s) {
      s.required(tuples, "tuples", "the tuples: lists of values, or single values", SettingType::list);
      s.add(fields, "fields", "output field names");
    }
  };
  /// Throws SettingError when a tuple's size differs from the field count.
  explicit FixedTupleSpout(const Settings& settings);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  /// True once every tuple was emitted and acked or failed.
  bool exhausted() const override { return next_ == tuples_.size() && acked_ + failed_ == tuples_.size(); }

  std::size_t acked() const noexcept { return acked_; }
  std::size_t failed() const noexcept { return failed_; }

 private:
  std::vector<std::string> fields_;
  std::vector<Values> tuples_;
  std::size_t next_ = 0;
  std::size_t acked_ = 0;
  std::size_t failed_ = 0;
  LogThrottle fail_log_;
  SpoutOutputCollector* collector_ = nullptr;
};

}  // namespace squall::spouts
