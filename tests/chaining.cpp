// Chaining (squall.topology.chaining): which bolts the plan chains, that chained bolts run on
// their upstream's thread, that chained and unchained runs give the same outputs and acks, that a
// tree completed on one thread needs no acker, and that tuples kept past execute stay intact.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "squall/runtime/plan/execution_plan.hpp"
#include "support/state_components.hpp"
#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

/// The threads each component executed on, and the ids NotingBolt failed.
struct Threads {
  std::mutex mutex;
  std::set<std::int64_t> failed;
  bool first_failure(std::int64_t id) {
    std::lock_guard l(mutex);
    return failed.insert(id).second;
  }
  std::map<std::string, std::set<std::thread::id>> of;
  void note(const std::string& component) {
    std::lock_guard l(mutex);
    of[component].insert(std::this_thread::get_id());
  }
  void add_spout_threads(SpoutLog& log) {
    std::lock_guard l(mutex);
    of["spout"] = log.threads;
  }
  bool shares(const std::string& a, const std::string& b) {
    std::lock_guard l(mutex);
    for (auto id : of[a])
      if (of[b].count(id)) return true;
    return false;
  }
};

/// Passes (id, payload) on `copies` times, anchored, noting its thread as `name`. With
/// `fail_tens`, fails every id divisible by 10 the first time any task sees it instead.
class NotingBolt : public Bolt {
 public:
  NotingBolt(std::shared_ptr<Threads> threads, std::string name, int copies, bool fail_tens = false)
      : threads_(std::move(threads)), name_(std::move(name)), copies_(copies), fail_tens_(fail_tens) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    threads_->note(name_);
    auto id = in.get_int("id");
    if (fail_tens_ && id % 10 == 0 && threads_->first_failure(id)) return out_->fail(in);
    for (int i = 0; i < copies_; ++i) out_->emit(in, {id, in.get_string("payload")});
    out_->ack(in);
  }

 private:
  std::shared_ptr<Threads> threads_;
  std::string name_;
  int copies_;
  bool fail_tens_;
  OutputCollector* out_ = nullptr;
};

class NotingSink : public BasicBolt {
 public:
  NotingSink(std::shared_ptr<SinkLog> log, std::shared_ptr<Threads> threads)
      : log_(std::move(log)), threads_(std::move(threads)) {}
  void execute(const Tuple& in, BasicOutputCollector&) override {
    threads_->note("sink");
    ++log_->executed;
    std::lock_guard l(log_->mutex);
    ++log_->seen[in.get_int("id")];
  }

 private:
  std::shared_ptr<SinkLog> log_;
  std::shared_ptr<Threads> threads_;
};

struct Outcome {
  std::map<std::int64_t, int> acks, fails, seen;
  std::shared_ptr<Threads> threads;
  MetricsSnapshot metrics;
};

/// spout → validate → double → sink, two executors each, shuffle grouped.
Outcome run_pipeline(bool chaining, bool chain_double = true) {
  auto log = std::make_shared<SpoutLog>();
  auto sink = std::make_shared<SinkLog>();
  auto threads = std::make_shared<Threads>();
  TopologyBuilder b;
  b.set_spout("spout", [=] { return std::make_unique<CountingSpout>(log, 2000); }, 2);
  b.set_bolt("validate", [=] { return std::make_unique<NotingBolt>(threads, "validate", 1, true); }, 2)
      .shuffle_grouping("spout");
  b.set_bolt("double", [=] { return std::make_unique<NotingBolt>(threads, "double", 2); }, 2)
      .shuffle_grouping("validate")
      .set_chaining(chain_double);
  b.set_bolt("sink", [=] { return std::make_unique<NotingSink>(sink, threads); }, 2).local_or_shuffle_grouping("double");
  Config c;
  c.set(config_keys::kChaining, chaining);
  c.set(config_keys::kMessageTimeoutSecs, 60);
  bool done = false;
  Outcome o;
  o.metrics = run_until_complete(b, c, std::chrono::seconds(120), &done);
  CHECK(done);
  o.acks = log->acks;
  o.fails = log->fails;
  o.seen = sink->seen;
  threads->add_spout_threads(*log);
  o.threads = threads;
  return o;
}

}  // namespace

TEST_CASE("the plan chains one-to-one subscribers in the same worker, and nothing else") {
  auto plan_of = [](const TopologyBuilder& b, Config c = {}) {
    return runtime::ExecutionPlan("t", std::move(c), b.create_topology());
  };
  auto log = std::make_shared<SpoutLog>();
  auto spout = [log] { return std::make_unique<CountingSpout>(log, 1); };
  auto pass = [] { return std::make_unique<PassBolt>(); };
  auto host_of = [](const runtime::ExecutionPlan& p, const std::string& component) {
    std::vector<std::string> hosts;
    for (const auto& e : p.executors())
      if (e.component && e.component->id == component)
        hosts.push_back(e.own_thread() ? "" : p.executors()[static_cast<std::size_t>(e.thread_host)].component->id);
    return hosts;
  };

  TopologyBuilder b;
  b.set_spout("spout", spout, 2);
  b.set_bolt("a", pass, 2).shuffle_grouping("spout");             // chained to the spout
  b.set_bolt("b", pass, 2).local_or_shuffle_grouping("a");        // a chain of chains: on the spout's thread
  b.set_bolt("keyed", pass, 2).fields_grouping("b", {"id"});      // fields grouping: its own thread
  b.set_bolt("wide", pass, 3).shuffle_grouping("keyed");          // 3 executors under 2: its own thread
  b.set_bolt("two_inputs", pass, 2).shuffle_grouping("a").shuffle_grouping("b");
  b.set_bolt("ticked", pass, 2).shuffle_grouping("keyed").add_configuration(config_keys::kTickTupleFreqSecs, 1);
  b.set_bolt("after_keyed", pass, 2).shuffle_grouping("keyed");   // chained to keyed's threads
  auto plan = plan_of(b);
  CHECK(host_of(plan, "spout") == std::vector<std::string>{"", ""});
  CHECK(host_of(plan, "a") == std::vector<std::string>{"spout", "spout"});
  CHECK(host_of(plan, "b") == std::vector<std::string>{"spout", "spout"});
  CHECK(host_of(plan, "keyed") == std::vector<std::string>{"", ""});
  CHECK(host_of(plan, "wide") == std::vector<std::string>{"", "", ""});
  CHECK(host_of(plan, "two_inputs") == std::vector<std::string>{"", ""});
  CHECK(host_of(plan, "ticked") == std::vector<std::string>{"", ""});
  CHECK(host_of(plan, "after_keyed") == std::vector<std::string>{"keyed", "keyed"});
  // Executor i of a bolt is chained to executor i of its upstream.
  for (const auto& e : plan.executors())
    if (e.component && e.component->id == "a")
      CHECK(plan.executors()[static_cast<std::size_t>(e.chain_parent)].tasks.front() ==
            plan.tasks_of("spout")[static_cast<std::size_t>(e.tasks.front() - plan.tasks_of("a").front())]);

  SUBCASE("off for the topology") {
    Config off;
    off.set(config_keys::kChaining, false);
    auto p = plan_of(b, off);
    for (const auto& e : p.executors()) CHECK(e.own_thread());
  }
  SUBCASE("executors in different workers are not chained") {
    Config workers;
    workers.set(config_keys::kWorkers, 2);
    TopologyBuilder odd;
    odd.set_spout("spout", spout);
    odd.set_bolt("a", pass).shuffle_grouping("spout");  // executor 1: worker 1, the spout's is in worker 0
    auto p = plan_of(odd, workers);
    for (const auto& e : p.executors()) CHECK(e.own_thread());
  }
}

TEST_CASE("checkpoints from the same upstream keep a bolt chained; from another component they do not") {
  auto counter_log = std::make_shared<CounterLog>();
  auto log = std::make_shared<SpoutLog>();
  TopologyBuilder b;
  b.set_spout("words", [log] { return std::make_unique<WordSpout>(log, 10, 2); });
  b.set_bolt("count", [counter_log] { return std::make_unique<WatchedCounter>(counter_log); }).fields_grouping("words", {"word"});
  b.set_bolt("after", [] { return std::make_unique<PassBolt>(); }).shuffle_grouping("count");
  // At-least-once state: a bolt after a spout gets its checkpoints from the checkpoint spout.
  b.set_bolt("beside", [] { return std::make_unique<PassBolt>(); }).shuffle_grouping("words");
  runtime::ExecutionPlan plan("t", Config{}, b.create_topology());
  for (const auto& e : plan.executors()) {
    if (!e.component) continue;  // an acker
    if (e.component->id == "after") {
      REQUIRE_FALSE(e.own_thread());
      CHECK(plan.executors()[static_cast<std::size_t>(e.thread_host)].component->id == "count");
    }
    if (e.component->id == "beside") CHECK(e.own_thread());
  }
}

TEST_CASE("chained and unchained runs give the same outputs and acks") {
  Outcome chained = run_pipeline(true);
  Outcome unchained = run_pipeline(false);
  REQUIRE(chained.acks.size() == 2000);
  CHECK(chained.fails.size() == 200);
  for (std::int64_t id = 0; id < 2000; ++id) {
    CHECK(chained.acks.at(id) == 1);
    CHECK(chained.seen.at(id) == 2);
    if (id % 10 == 0) CHECK(chained.fails.at(id) == 1);
  }
  CHECK(chained.acks == unchained.acks);
  CHECK(chained.fails == unchained.fails);
  CHECK(chained.seen == unchained.seen);
  // Per component metrics, whichever thread ran the component.
  for (const auto* m : {&chained.metrics, &unchained.metrics}) {
    CHECK(m->component("validate")->executed == 2200);
    CHECK(m->component("validate")->failed == 200);
    CHECK(m->component("double")->emitted == 4000);
    CHECK(m->component("sink")->acked == 4000);
  }
  // Where they ran: all on the spouts' threads when chained, none of them when not.
  for (const char* bolt : {"validate", "double", "sink"}) {
    CAPTURE(bolt);
    CHECK(chained.threads->shares("spout", bolt));
    CHECK_FALSE(unchained.threads->shares("spout", bolt));
  }
}

TEST_CASE("chain: false keeps a component on its own thread and chains nothing into it") {
  Outcome o = run_pipeline(true, false);
  CHECK(o.acks.size() == 2000);
  CHECK(o.threads->shares("spout", "validate"));
  CHECK_FALSE(o.threads->shares("spout", "double"));
  CHECK_FALSE(o.threads->shares("double", "sink"));
  CHECK_FALSE(o.threads->shares("spout", "sink"));
}

TEST_CASE("a tree completed on the spout's thread needs no acker; one that leaves it does") {
  auto run = [](bool keyed_hop) {
    auto log = std::make_shared<SpoutLog>();
    auto sink = std::make_shared<SinkLog>();
    TopologyBuilder b;
    b.set_spout("spout", [log] { return std::make_unique<CountingSpout>(log, 3000); });
    auto pass = b.set_bolt("pass", [] { return std::make_unique<PassBolt>(2); });
    if (keyed_hop) pass.fields_grouping("spout", {"id"});
    else pass.shuffle_grouping("spout");
    b.set_bolt("sink", [sink] { return std::make_unique<SinkBolt>(sink); }).shuffle_grouping("pass");
    Config c;
    c.set(config_keys::kMessageTimeoutSecs, 60);
    bool done = false;
    auto m = run_until_complete(b, c, std::chrono::seconds(120), &done);
    CHECK(done);
    CHECK(log->distinct_acked() == 3000);
    CHECK(log->total_fails() == 0);
    CHECK(sink->executed == 6000);
    return m.component("__acker")->executed;
  };
  CHECK(run(false) == 0);  // spout, pass and sink on one thread: inits and acks folded to 0
  CHECK(run(true) > 0);    // pass and sink on another thread: the acker joins the halves
}

namespace {

/// Holds every input until it has `expect` of them, then checks each is intact and acks them all.
struct JoinLog {
  std::atomic<int> checked{0}, corrupt{0};
};
class HoldAllBolt : public Bolt {
 public:
  HoldAllBolt(std::shared_ptr<JoinLog> log, std::size_t expect) : log_(std::move(log)), expect_(expect) {}
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    held_.push_back(in);
    if (held_.size() < expect_) return;
    for (const auto& t : held_) {
      bool intact = t.size() == 2 && t.get_string("payload") == "payload-" + std::to_string(t.get_int("id"));
      ++(intact ? log_->checked : log_->corrupt);
      out_->ack(t);
    }
    held_.clear();
  }

 private:
  std::shared_ptr<JoinLog> log_;
  std::size_t expect_;
  OutputCollector* out_ = nullptr;
  std::vector<Tuple> held_;
};

}  // namespace

TEST_CASE("a bolt keeps 10,000 tuples past execute and reads them intact") {
  for (bool chaining : {true, false}) {
    CAPTURE(chaining);
    auto log = std::make_shared<SpoutLog>();
    auto join = std::make_shared<JoinLog>();
    auto threads = std::make_shared<Threads>();
    TopologyBuilder b;
    b.set_spout("spout", [=] { return std::make_unique<CountingSpout>(log, 10'000, true, true); });
    b.set_bolt("double", [=] { return std::make_unique<NotingBolt>(threads, "double", 2); }).shuffle_grouping("spout");
    b.set_bolt("join", [=] { return std::make_unique<HoldAllBolt>(join, 20'000); }).shuffle_grouping("double");
    Config c;
    c.set(config_keys::kChaining, chaining);
    c.set(config_keys::kMessageTimeoutSecs, 120);
    bool done = false;
    run_until_complete(b, c, std::chrono::seconds(120), &done);
    CHECK(done);
    CHECK(join->checked == 20'000);
    CHECK(join->corrupt == 0);
    CHECK(log->distinct_acked() == 10'000);
  }
}
