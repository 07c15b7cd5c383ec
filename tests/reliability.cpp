// At-least-once: explicit fails, timeouts, exceptions, max spout pending, and a long clean run.
#include <set>

#include <doctest/doctest.h>

#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

// Fails (explicitly) each id in `victims` the first time it sees it.
class FailOnceBolt : public Bolt {
 public:
  explicit FailOnceBolt(std::set<std::int64_t> victims) : victims_(std::move(victims)) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    auto id = in.get_int("id");
    if (victims_.erase(id)) return out_->fail(in);
    out_->emit(in, {id, in.get_string("payload")});
    out_->ack(in);
  }

 private:
  std::set<std::int64_t> victims_;
  OutputCollector* out_ = nullptr;
};

// Never acks `victim` the first time: only the message timeout can save it.
class DropOnceBolt : public Bolt {
 public:
  explicit DropOnceBolt(std::int64_t victim) : victim_(victim) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    if (in.get_int("id") == victim_ && !dropped_) {
      dropped_ = true;
      return;
    }
    out_->ack(in);
  }

 private:
  std::int64_t victim_;
  bool dropped_ = false;
  OutputCollector* out_ = nullptr;
};

// Throws on every 10th id the first time it sees it.
class ThrowingBolt : public BasicBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void execute(const Tuple& in, BasicOutputCollector& out) override {
    auto id = in.get_int("id");
    if (id % 10 == 0 && seen_.insert(id).second) throw std::runtime_error("boom on " + std::to_string(id));
    out.emit({id, in.get_string("payload")});
  }

 private:
  std::set<std::int64_t> seen_;
};

// Spins for `micros` per tuple: deliberately slower than the spout.
class SlowBolt : public BasicBolt {
 public:
  explicit SlowBolt(int micros) : micros_(micros) {}
  void execute(const Tuple&, BasicOutputCollector&) override {
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(micros_);
    while (std::chrono::steady_clock::now() < until) {
    }
  }

 private:
  int micros_;
};

}  // namespace

TEST_CASE("an explicit fail causes exactly one spout fail, with the reason, and a replay") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 100); });
  b.set_bolt("failer", [] { return std::make_unique<FailOnceBolt>(std::set<std::int64_t>{3, 17}); })
      .shuffle_grouping("spout");
  b.set_bolt("sink", [] { return std::make_unique<PassBolt>(); }).shuffle_grouping("failer");
  bool done = false;
  auto m = run_until_complete(b, Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(log->fail_count(3) == 1);
  CHECK(log->fail_count(17) == 1);
  CHECK(log->total_fails() == 2);
  for (std::int64_t id = 0; id < 100; ++id) CHECK(log->ack_count(id) == 1);
  REQUIRE(log->reasons.size() == 2);
  CHECK(log->reasons[0].kind == FailureReason::Kind::failed);
  CHECK(log->reasons[0].component == "failer");
  CHECK(m.component("spout")->failed == 2);
  CHECK(m.component("spout")->timed_out == 0);
}

TEST_CASE("a timeout causes exactly one spout fail and a replay") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 50); });
  b.set_bolt("dropper", [] { return std::make_unique<DropOnceBolt>(7); }).shuffle_grouping("spout");
  Config c;
  c.set(config_keys::kMessageTimeoutSecs, 1);
  bool done = false;
  auto m = run_until_complete(b, c, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(log->fail_count(7) == 1);
  CHECK(log->total_fails() == 1);
  CHECK(log->ack_count(7) == 1);
  CHECK(log->distinct_acked() == 50);
  REQUIRE(log->reasons.size() == 1);
  CHECK(log->reasons[0].kind == FailureReason::Kind::timeout);
  CHECK(m.component("spout")->timed_out == 1);
}

TEST_CASE("max spout pending is never exceeded") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 20000); });
  b.set_bolt("slow", [] { return std::make_unique<SlowBolt>(5); }).shuffle_grouping("spout");
  Config c;
  c.set(config_keys::kMaxSpoutPending, 50);
  bool done = false;
  run_until_complete(b, c, std::chrono::seconds(120), &done);
  CHECK(done);
  CHECK(log->distinct_acked() == 20000);
  CHECK(log->max_outstanding <= 50);
  CHECK(log->max_outstanding >= 40);  // the cap, not something else, was what limited it
}

TEST_CASE("100,000 messages through three bolts: 100,000 acks, 0 fails") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 100000); });
  b.set_bolt("a", [] { return std::make_unique<PassBolt>(); }, 2).shuffle_grouping("spout");
  b.set_bolt("b", [] { return std::make_unique<PassBolt>(); }, 2).fields_grouping("a", {"id"});
  b.set_bolt("c", [] { return std::make_unique<PassBolt>(); }).shuffle_grouping("b");
  bool done = false;
  auto m = run_until_complete(b, Config{}, std::chrono::seconds(240), &done);
  CHECK(done);
  CHECK(m.component("spout")->acked == 100000);
  CHECK(m.component("spout")->failed == 0);
  CHECK(log->distinct_acked() == 100000);
  CHECK(log->total_fails() == 0);
  CHECK(m.component("c")->executed == 100000);
  CHECK(m.pending == 0);
}

TEST_CASE("a bolt that throws on every 10th tuple once: those are replayed and end acked") {
  auto log = std::make_shared<SpoutLog>();
  auto sink = std::make_shared<SinkLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 1000); });
  b.set_bolt("thrower", [] { return std::make_unique<ThrowingBolt>(); }).shuffle_grouping("spout");
  b.set_bolt("sink", [sink] { return std::make_unique<SinkBolt>(sink); }).shuffle_grouping("thrower");
  bool done = false;
  auto m = run_until_complete(b, Config{}, std::chrono::seconds(60), &done);
  CHECK(done);
  for (std::int64_t id = 0; id < 1000; ++id) {
    CAPTURE(id);
    CHECK(log->ack_count(id) == 1);
    CHECK(log->fail_count(id) == (id % 10 == 0 ? 1 : 0));
    std::lock_guard l(sink->mutex);
    CHECK(sink->seen[id] == 1);
  }
  CHECK(m.component("thrower")->errors == 100);
  CHECK(m.component("thrower")->failed == 100);
}

namespace {
// Holds every input for `hold` before acking it, calling reset_timeout on each tick meanwhile.
class LongWorkBolt : public Bolt {
 public:
  explicit LongWorkBolt(std::chrono::milliseconds hold) : hold_(hold) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    if (!in.is_tick()) held_.emplace_back(in, std::chrono::steady_clock::now() + hold_);
    for (auto it = held_.begin(); it != held_.end();) {
      if (std::chrono::steady_clock::now() >= it->second) {
        out_->ack(it->first);
        it = held_.erase(it);
      } else {
        out_->reset_timeout(it->first);
        ++it;
      }
    }
  }

 private:
  std::chrono::milliseconds hold_;
  OutputCollector* out_ = nullptr;
  std::vector<std::pair<Tuple, std::chrono::steady_clock::time_point>> held_;
};
}  // namespace

TEST_CASE("reset_timeout keeps a long-running tuple from timing out") {
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 5); });
  b.set_bolt("long", [] { return std::make_unique<LongWorkBolt>(std::chrono::milliseconds(2500)); })
      .shuffle_grouping("spout")
      .add_configuration(config_keys::kTickTupleFreqSecs, 0.2);
  Config c;
  c.set(config_keys::kMessageTimeoutSecs, 1);
  bool done = false;
  auto m = run_until_complete(b, c, std::chrono::seconds(60), &done);
  CHECK(done);
  CHECK(log->total_fails() == 0);  // without the resets each would time out after 1 s
  CHECK(log->distinct_acked() == 5);
  CHECK(m.component("spout")->timed_out == 0);
}
