// The checkpoint protocol's parts, one at a time: the checkpoint spout's state table against
// Storm's CheckPointState, the barrier a bolt waits at, the collector holding acks until COMMIT,
// and CheckpointedState over each provider (memory, RocksDB on disk, a real redis-server).

#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "squall/state/barrier_alignment.hpp"
#include "squall/state/checkpoint_barrier.hpp"
#include "squall/state/checkpoint_state.hpp"
#include "squall/state/checkpointed_state.hpp"
#include "squall/state/holding_collector.hpp"
#include "squall/state/memory_backend.hpp"
#include "squall/state/value_bytes.hpp"
#include "squall/stores/redis_backend.hpp"
#include "squall/stores/rocksdb_backend.hpp"
#include "support/processes.hpp"
#include "support/tuples.hpp"

using namespace squall;
using namespace squall::state;
using Phase = CheckpointState::Phase;

TEST_CASE("the checkpoint spout's state table is Storm's CheckPointState") {
  struct Row {
    CheckpointState from;
    bool recovering;
    CheckpointAction action;
    CheckpointState to;
  };
  // Storm's CheckPointState.nextAction / nextState, row by row.
  const Row rows[] = {
      {{0, Phase::committed}, true, CheckpointAction::initstate, {0, Phase::committed}},
      {{4, Phase::committed}, false, CheckpointAction::prepare, {5, Phase::preparing}},
      {{5, Phase::preparing}, false, CheckpointAction::prepare, {5, Phase::committing}},
      {{5, Phase::preparing}, true, CheckpointAction::rollback, {4, Phase::committed}},
      {{5, Phase::committing}, false, CheckpointAction::commit, {5, Phase::committed}},
      {{5, Phase::committing}, true, CheckpointAction::commit, {5, Phase::committed}},
  };
  for (const auto& r : rows) {
    CAPTURE(r.from.to_text());
    CAPTURE(r.recovering);
    CHECK(r.from.next_action(r.recovering) == r.action);
    CHECK(r.from.next_state(r.recovering) == r.to);
    CHECK(CheckpointState::from_text(r.from.to_text()) == r.from);
  }
  CHECK(action_of("INITSTATE") == CheckpointAction::initstate);
  CHECK(action_name(CheckpointAction::rollback) == "ROLLBACK");
  CHECK_FALSE(action_of("prepare"));
  CHECK_THROWS_AS(CheckpointState::from_text("5 DONE"), StateError);
  CHECK_THROWS_AS(CheckpointState::from_text("x COMMITTED"), StateError);
}

TEST_CASE("a bolt acts on a checkpoint once every input task has sent it") {
  CheckpointBarrier barrier(2);
  CHECK_FALSE(barrier.arrive(3, CheckpointAction::prepare));
  CHECK(barrier.arrive(3, CheckpointAction::prepare));
  // A PREPARE that failed upstream sends only one copy; the ROLLBACK after it must not count it.
  CHECK_FALSE(barrier.arrive(4, CheckpointAction::prepare));
  CHECK_FALSE(barrier.arrive(4, CheckpointAction::rollback));
  CHECK(barrier.arrive(4, CheckpointAction::rollback));
  // ...and once the ROLLBACK is through, the stale PREPARE copy is forgotten.
  CHECK_FALSE(barrier.arrive(4, CheckpointAction::prepare));
  CHECK(barrier.arrive(4, CheckpointAction::prepare));
}

TEST_CASE("exactly-once alignment: tuples after a barrier wait, tuples before a ROLLBACK are dropped") {
  constexpr auto prepare = CheckpointAction::prepare, rollback = CheckpointAction::rollback;
  using Route = BarrierAlignment::Route;
  std::vector<Tuple> released;
  BarrierAlignment align(2);  // input tasks 1 and 2
  CHECK(align.route(1) == Route::process);
  CHECK_FALSE(align.arrive(1, 5, prepare, released));
  CHECK(align.route(1) == Route::hold);     // after its barrier: waits
  CHECK(align.route(2) == Route::process);  // before its barrier: goes on
  align.hold(test::make_tuple({std::int64_t{7}}, {"n"}));
  // Checkpoint 5 failed upstream; task 1 rewound and sent ROLLBACK: the PREPARE is abandoned and
  // what waited behind it is released, to be processed before the rollback.
  CHECK_FALSE(align.arrive(1, 5, rollback, released));
  CHECK(released.size() == 1);
  CHECK(align.route(2) == Route::drop);  // sent before task 2 rewound: the rewind sends it again
  // Task 2's PREPARE 5, sent before it rewound, arrives late: stale, it must not abandon the
  // rollback (the bolt's state would then never roll back).
  released.clear();
  CHECK_FALSE(align.arrive(2, 5, prepare, released));
  CHECK(align.route(2) == Route::drop);
  CHECK(align.arrive(2, 5, rollback, released));  // every input has rolled back
  CHECK(released.empty());
  CHECK(align.finish().empty());
  CHECK(align.route(1) == Route::process);
}

namespace {

/// Records what reaches the real collector.
class RecordingCollector final : public OutputCollector {
 public:
  std::vector<std::int64_t> acked, failed;
  std::span<const int> emit(std::string_view, std::span<const Tuple>, Values) override { return {}; }
  void emit_direct(int, std::string_view, std::span<const Tuple>, Values) override {}
  void ack(const Tuple& t) override { acked.push_back(t.get_int(0)); }
  void fail(const Tuple& t) override { failed.push_back(t.get_int(0)); }
  void reset_timeout(const Tuple&) override {}
  void report_error(std::string_view) override {}
};

Tuple numbered(std::int64_t n) { return test::make_tuple({n}, {"n"}); }

}  // namespace

TEST_CASE("a stateful bolt's acks are held until the checkpoint holding them commits") {
  RecordingCollector out;
  HoldingCollector holding(out);
  holding.ack(numbered(1));
  holding.ack(numbered(2));
  CHECK(out.acked.empty());
  holding.prepared();     // 1 and 2 are in the prepared checkpoint
  holding.ack(numbered(3));  // 3 is in the next one
  CHECK(out.acked.empty());
  holding.committed();
  CHECK(out.acked == std::vector<std::int64_t>{1, 2});
  holding.prepared();
  holding.ack(numbered(4));
  holding.rolled_back();  // 3 (prepared) and 4 (not yet) are replayed
  CHECK(out.acked == std::vector<std::int64_t>{1, 2});
  CHECK(out.failed == std::vector<std::int64_t>{3, 4});
  CHECK(holding.held() == 0);
  holding.fail(numbered(5));  // a failure is never held
  CHECK(out.failed.back() == 5);
}

TEST_CASE("state values keep their types through the provider's bytes") {
  for (const Value& v : {Value(), Value(true), Value(std::int64_t{-7}), Value(2.5), Value(std::string("1")),
                         Value(Bytes{{0, 255}})})
    CHECK(value_from_bytes(value_to_bytes(v)) == v);
  CHECK(value_to_bytes(Value(std::int64_t{1})) != value_to_bytes(Value(std::string("1"))));
  CHECK_THROWS_AS(value_from_bytes(""), StateError);
  CHECK_THROWS_AS(value_from_bytes(value_to_bytes(Value(std::int64_t{1})) + "x"), StateError);
}

namespace {

std::map<std::string, std::int64_t> contents(const KeyValueState& state) {
  std::map<std::string, std::int64_t> all;
  state.for_each([&](const Value& k, const Value& v) { all[k.as_string()] = v.as_int(); });
  return all;
}

/// The two-phase contract every provider keeps; `reopen` gives the same namespace as a restarted
/// process sees it (nullptr for the memory provider, which has no restart).
void check_two_phase(const std::function<std::unique_ptr<StateBackend>()>& open, bool survives_restart) {
  auto state = std::make_unique<CheckpointedState>(open());
  CHECK_FALSE(state->committed_txid());
  state->put("a", std::int64_t{1});
  state->put("b", std::int64_t{2});
  CHECK(state->get("a", std::int64_t{0}).as_int() == 1);
  state->prepare(1);
  state->put("c", std::int64_t{3});  // after PREPARE: not in checkpoint 1
  state->commit(1);
  CHECK(state->committed_txid() == 1);
  CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}, {"c", 3}});

  state->rollback();  // drops c, never prepared
  CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}});
  state->put("a", std::int64_t{10});
  CHECK(state->remove("b"));
  CHECK_FALSE(state->remove("zz"));
  state->prepare(2);
  state->rollback();  // a failed checkpoint: back to checkpoint 1
  CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 1}, {"b", 2}});
  CHECK_THROWS_AS(state->prepare(1), StateError);  // already committed

  state->put("a", std::int64_t{11});
  state->remove("b");
  state->prepare(2);
  if (survives_restart) {
    state.reset();  // the process dies between PREPARE and COMMIT
    state = std::make_unique<CheckpointedState>(open());
    CHECK(state->committed_txid() == 1);
    CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 11}});  // prepared changes are visible
  }
  state->commit(2);  // recovery rolls the COMMIT forward
  state->commit(2);  // and a second COMMIT of the same checkpoint changes nothing
  CHECK_THROWS_AS(state->commit(1), StateError);
  CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 11}});
  if (survives_restart) {
    state.reset();  // a restart: the database is one process's at a time
    state = std::make_unique<CheckpointedState>(open());
    CHECK(state->committed_txid() == 2);
    CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 11}});
    CHECK_FALSE(state->get("b"));
    state->put("d", std::int64_t{4});
    state->prepare(3);
    state.reset();  // dies again after PREPARE; this time recovery rolls back
    state = std::make_unique<CheckpointedState>(open());
    state->rollback();
    CHECK(contents(*state) == std::map<std::string, std::int64_t>{{"a", 11}});
  }
}

}  // namespace

TEST_CASE("checkpointed state in memory") {
  MemoryBackend* backend = nullptr;
  check_two_phase(
      [&] {
        auto b = std::make_unique<MemoryBackend>();
        backend = b.get();
        return b;
      },
      false);
  CHECK(backend != nullptr);
}

TEST_CASE("checkpointed state in RocksDB survives the process") {
  test::TempDir dir;
  StateScope scope{"counts", "count", 3};
  nlohmann::json settings{{"dir", (dir.path() / "state").string()}};
  check_two_phase([&] { return std::make_unique<stores::RocksDbBackend>(settings, scope); }, true);
  CHECK(std::filesystem::is_directory(dir.path() / "state" / "counts" / "count-task-3.rocksdb"));

  // One database is one task's: a second opener is refused with the reason, not corrupted.
  stores::RocksDbBackend first(settings, scope);
  CHECK_THROWS_AS(stores::RocksDbBackend(settings, scope), StateError);
  CHECK_THROWS_AS(stores::RocksDbBackend(nlohmann::json{{"dir", 5}}, scope), TopologyError);
}

TEST_CASE("checkpointed state in Redis, in Storm's layout, across a server restart") {
  test::TempDir dir;
  test::RedisServer redis(dir.path() / "redis");
  auto settings = stores::RedisSettings::from_json(
      nlohmann::json{{"jedisPoolConfig", {{"host", "127.0.0.1"}, {"port", redis.port()}, {"timeout", 2000}}}});
  CHECK(settings.port == redis.port());
  const std::string ns = "counts/count-3";
  check_two_phase([&] { return std::make_unique<stores::RedisBackend>(settings, ns); }, true);
  // storm-redis's RedisKeyValueState: the state in hash <ns>, the txids in <ns>$txid.
  CHECK(redis.command("HLEN " + ns).starts_with(":1"));
  CHECK(redis.command("HEXISTS " + ns + "$txid commit").starts_with(":1"));

  stores::RedisBackend backend(settings, ns);
  redis.stop();
  CHECK_THROWS_AS(backend.get(value_to_bytes(Value(std::string("a")))), StateError);
  redis.start();
  // The next call connects again; the data survived (append-only file).
  CHECK(test::eventually([&] {
    try {
      return backend.get(value_to_bytes(Value(std::string("a")))) == value_to_bytes(Value(std::int64_t{11}));
    } catch (const StateError&) {
      return false;
    }
  }));
  CHECK_THROWS_AS(stores::RedisSettings::from_json(nlohmann::json{{"port", "x"}}), TopologyError);
}
