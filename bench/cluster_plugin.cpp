// The core benchmark's pipeline (bench/pipeline.hpp) as a plugin, so that a topology file, and so
// `squall run` and `squall submit`, can name its components: bench.BenchSpout, bench.ForwardBolt,
// bench.TimedSink. TimedSink writes "<tuples> <first ns> <last ns>" (steady clock) to its report
// file every 100 ms and on its `expected`-th tuple: the benchmark reads the rate the sink saw, without the start-up.
#include <fstream>

#include "pipeline.hpp"
#include "squall/api/registry/plugin.hpp"

namespace bench {

class PluginSpout : public BenchSpout {
 public:
  struct Settings {
    std::int64_t count = 1'000'000;
    double rate = 0;
    bool reliable = false;
    void describe(SettingsSchema& s) {
      s.add(count, "count", "tuples to emit");
      s.add(rate, "rate", "tuples/s; 0 = unthrottled");
      s.add(reliable, "reliable", "emit with message ids (acking on)");
    }
  };
  explicit PluginSpout(const Settings& s) : BenchSpout(s.count, s.rate, s.reliable) {}
};

class PluginForward : public ForwardBolt {
 public:
  struct Settings {
    void describe(SettingsSchema&) {}
  };
  explicit PluginForward(const Settings&) {}
};

class TimedSink : public Bolt {
 public:
  struct Settings {
    std::string report;
    std::int64_t expected = 0;
    void describe(SettingsSchema& s) {
      s.required(report, "report", "file the tuple count and times go to");
      s.add(expected, "expected", "tuples after which the report is written at once");
    }
  };
  explicit TimedSink(const Settings& s) : report_(s.report), expected_(s.expected) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    auto now = Clock::now();
    if (count_ == 0) first_ = now;
    last_ = now;
    ++count_;
    sum_ += in.get_int(1);
    out_->ack(in);
    if (now - written_ >= std::chrono::milliseconds(100) || count_ == expected_) write();
  }
  void cleanup() override { write(); }

 private:
  void write() {
    written_ = Clock::now();
    auto ns = [](Clock::time_point t) { return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count(); };
    std::ofstream(report_ + ".tmp") << count_ << " " << ns(first_) << " " << ns(last_) << " " << sum_ << "\n";
    std::rename((report_ + ".tmp").c_str(), report_.c_str());
  }
  std::string report_;
  std::int64_t expected_;
  OutputCollector* out_ = nullptr;
  std::int64_t count_ = 0, sum_ = 0;
  Clock::time_point first_, last_, written_;
};

}  // namespace bench

SQUALL_PLUGIN(registry) {
  registry.add_spout<bench::PluginSpout>({.class_name = "bench.BenchSpout", .description = "the core pipeline's spout"});
  registry.add_bolt<bench::PluginForward>({.class_name = "bench.ForwardBolt", .description = "re-emits, anchored"});
  registry.add_bolt<bench::TimedSink>({.class_name = "bench.TimedSink", .description = "acks; reports count and times"});
}
