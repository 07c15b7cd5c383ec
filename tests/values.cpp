#include <string>

#include <doctest/doctest.h>

#include "squall/api/config.hpp"
#include "squall/api/errors.hpp"
#include "squall/api/message_id.hpp"
#include "squall/api/tuple.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/tuples.hpp"

using namespace squall;

using test::make_tuple;

TEST_CASE("values hold the msgpack types and convert literals sensibly") {
  CHECK(Value().type() == ValueType::nil);
  CHECK(Value(true).type() == ValueType::boolean);
  CHECK(Value(42).type() == ValueType::int64);
  CHECK(Value(std::uint16_t{7}).as_int() == 7);
  CHECK(Value(2.5).type() == ValueType::float64);
  CHECK(Value("text").type() == ValueType::string);  // not bool
  CHECK(Value(Bytes{{1, 2}}).type() == ValueType::bytes);
  CHECK(Value(3).as_double() == 3.0);
  CHECK_THROWS_AS(Value("x").as_int(), TypeMismatchError);
}

TEST_CASE("tuple getters by index and by name, with errors naming field, expected and actual type") {
  Tuple t = make_tuple({"cow", 3, 0.5, true, Bytes{{9}}}, Fields{"word", "count", "ratio", "flag", "raw"});
  CHECK(t.get_string("word") == "cow");
  CHECK(t.get_int(1) == 3);
  CHECK(t.get_double("ratio") == 0.5);
  CHECK(t.get_bool("flag"));
  CHECK(t.get_bytes("raw").data == std::vector<std::uint8_t>{9});
  CHECK(t.source_component() == "split");
  CHECK(t.source_task() == 3);
  CHECK_FALSE(t.is_tick());

  try {
    (void)t.get_int("word");
    FAIL("expected TypeMismatchError");
  } catch (const TypeMismatchError& e) {
    std::string m = e.what();
    CHECK(m.find("'word'") != std::string::npos);
    CHECK(m.find("int64") != std::string::npos);
    CHECK(m.find("string") != std::string::npos);
  }
  try {
    (void)t.get_string("wrod");
    FAIL("expected UnknownFieldError");
  } catch (const UnknownFieldError& e) {
    std::string m = e.what();
    CHECK(m.find("wrod") != std::string::npos);
    CHECK(m.find("[word, count, ratio, flag, raw]") != std::string::npos);
  }
  CHECK_THROWS_AS((void)t.get(9), std::out_of_range);
  CHECK(t.select(Fields{"count", "word"}) == Values{3, "cow"});
}

TEST_CASE("fields reject duplicates") { CHECK_THROWS_AS(Fields({"a", "b", "a"}), TopologyError); }

TEST_CASE("message ids are ints or strings; empty means unreliable") {
  CHECK_FALSE(MessageId().has_value());
  CHECK(MessageId(7).as_int() == 7);
  CHECK(MessageId("row-1").as_string() == "row-1");
  CHECK_THROWS_AS(MessageId("x").as_int(), TypeMismatchError);
}

TEST_CASE("config typed reads name the key on a type error") {
  Config c;
  c.set(config_keys::kMessageTimeoutSecs, "thirty");
  CHECK(c.get(config_keys::kMaxSpoutPending) == 0);  // the schema's default
  try {
    (void)c.get(config_keys::kMessageTimeoutSecs);
    FAIL("expected TypeMismatchError");
  } catch (const TypeMismatchError& e) {
    CHECK(std::string(e.what()).find("topology.message.timeout.secs") != std::string::npos);
  }
  Config over;
  over.set("a", 1);
  CHECK(c.merged_with(over).get_int("a", 0) == 1);
}

TEST_CASE("metrics snapshots render JSON and a table") {
  MetricsSnapshot s;
  s.topology = "t";
  s.components.push_back(TaskStats{"spout", -1, "spout", 10, 10, 0, 9, 1});
  auto json = s.to_json();
  CHECK(json.find("\"acked\":9") != std::string::npos);
  CHECK(s.summary_table().find("spout") != std::string::npos);
}
