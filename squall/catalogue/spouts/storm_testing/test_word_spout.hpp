#pragma once
// org.apache.storm.testing.TestWordSpout: an endless, unreliable spout of random names, one every
// 100 ms, on field "word". Storm's stock test spout, kept so Flux topologies run unchanged.

#include <chrono>
#include <random>

#include "squall/api/registry/component_settings.hpp"
#include "squall/api/registry/settings_schema.hpp"
#include "squall/api/spout.hpp"

namespace squall::spouts {

class TestWordSpout : public Spout {
 public:
  struct Settings {
    bool is_distributed = true;
    std::int64_t interval_ms = 100;  // Storm's TestWordSpout sleeps 100 ms between tuples
    void describe(SettingsSchema& s) {
      s.add(is_distributed, "isDistributed", "Storm's constructor argument; no effect");
      s.add(interval_ms, "interval.ms", "milliseconds between words");
    }
  };
  explicit TestWordSpout(const Settings& settings);

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  /// Emits one word when the interval has passed since the last one; never sleeps.
  void next_tuple() override;

 private:
  std::chrono::milliseconds interval_;
  std::chrono::steady_clock::time_point next_emit_{};
  std::mt19937_64 random_;
  SpoutOutputCollector* collector_ = nullptr;
};

}  // namespace squall::spouts
