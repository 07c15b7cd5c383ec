#include "squall/catalogue/spouts/storm_testing/test_word_spout.hpp"

#include <array>

#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"

namespace squall::spouts {

namespace {
constexpr std::array<const char*, 5> kWords = {"nathan", "mike", "jackson", "golda", "bertels"};
}

TestWordSpout::TestWordSpout(const Settings& settings)
    : interval_(settings.interval_ms), random_(std::random_device{}()) {}

void TestWordSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const { declarer.declare({"word"}); }

void TestWordSpout::open(const TopologyContext&, SpoutOutputCollector& collector) { collector_ = &collector; }

void TestWordSpout::next_tuple() {
  auto now = std::chrono::steady_clock::now();
  if (now < next_emit_) return;
  next_emit_ = now + interval_;
  collector_->emit({kWords[random_() % kWords.size()]});
}

}  // namespace squall::spouts
