// The pure logic behind KafkaSpout: commit points, retry delays, value formats.
#include <algorithm>
#include <random>
#include <set>

#include <doctest/doctest.h>

#include "squall/api/registry/component_settings.hpp"
#include "squall/connectors/kafka/partition_offsets.hpp"
#include "squall/connectors/kafka/retry_backoff.hpp"
#include "squall/formats/value_format.hpp"

using namespace squall;
using namespace squall::kafka;
using namespace std::chrono_literals;

TEST_CASE("PartitionOffsets: the commit point is the oldest record not done, gaps pass") {
  PartitionOffsets p;
  CHECK(p.committable() == PartitionOffsets::kNone);
  for (std::int64_t o : {10, 11, 13, 14}) CHECK(p.emitted(o));  // 12 does not exist (compacted)
  CHECK_FALSE(p.emitted(11));
  CHECK(p.committable() == 10);
  CHECK(p.uncommitted() == 5);
  p.done(11);
  p.done(14);
  CHECK(p.committable() == 10);
  p.done(10);
  CHECK(p.committable() == 13);  // past 10, 11 and the gap at 12
  p.done(10);                    // repeated: ignored
  CHECK(p.in_flight() == 1);
  p.done(13);
  CHECK(p.committable() == 15);
  CHECK(p.uncommitted() == 0);
  p.confirm_commit(15);
  p.confirm_commit(12);  // an older confirmation arriving late does not go back
  CHECK(p.committed() == 15);
}

TEST_CASE("PartitionOffsets agrees with a brute-force commit point under random acks") {
  std::mt19937_64 rng(7);
  PartitionOffsets p;
  std::vector<std::int64_t> offsets;
  for (std::int64_t o = 0; o < 2000; ++o)
    if (rng() % 5) offsets.push_back(o), p.emitted(o);
  std::vector<std::int64_t> order = offsets;
  std::shuffle(order.begin(), order.end(), rng);
  std::set<std::int64_t> open(offsets.begin(), offsets.end());
  for (auto o : order) {
    p.done(o);
    open.erase(o);
    CHECK(p.committable() == (open.empty() ? offsets.back() + 1 : *open.begin()));
  }
}

TEST_CASE("RetryBackoff: 2 ms x 2^(n-1) capped at 10 s; max retries") {
  RetryBackoff b;
  CHECK(b.delay(1) == 2ms);
  CHECK(b.delay(2) == 4ms);
  CHECK(b.delay(10) == 1024ms);
  CHECK(b.delay(13) == 8192ms);
  CHECK(b.delay(14) == 10000ms);
  CHECK(b.delay(500) == 10000ms);
  CHECK(b.may_retry(1'000'000));
  b.max_retries = 2;
  CHECK(b.may_retry(2));
  CHECK_FALSE(b.may_retry(3));
}

TEST_CASE("ValueFormat: text, bytes, typed CSV and JSON; what does not decode says why") {
  Values out;
  ValueFormat text("text", {}, nullptr, ",");
  CHECK(text.fields() == std::vector<std::string>{"value"});
  CHECK(text.decode("a,b", out).empty());
  CHECK(out.back().as_string() == "a,b");
  ValueFormat bytes("bytes", {}, nullptr, ",");
  CHECK(bytes.decode("\x01\x02", out).empty());
  CHECK(out.back().as_bytes().data.size() == 2);

  ValueFormat csv("csv", {"n", "x", "s"}, {{"n", "int"}, {"x", "double"}}, ",");
  out.clear();
  CHECK(csv.decode("3,2.5,\"a, b\"", out).empty());
  REQUIRE(out.size() == 3);
  CHECK(out[0].as_int() == 3);
  CHECK(out[1].as_double() == 2.5);
  CHECK(out[2].as_string() == "a, b");
  out.clear();
  CHECK(csv.decode("3,x,s", out) == "field 'x': 'x' is not a number");
  out.clear();
  CHECK(csv.decode("3,2", out) == "2 CSV fields, expected 3");
  out.clear();
  CHECK(csv.decode("", out) == "empty value");

  ValueFormat json("json", {"n", "x", "s"}, {{"n", "int"}, {"x", "double"}}, ",");
  out.clear();
  CHECK(json.decode(R"({"n": 4, "x": "1.5", "s": 7})", out).empty());
  CHECK(out[0].as_int() == 4);
  CHECK(out[1].as_double() == 1.5);
  CHECK(out[2].as_string() == "7");
  out.clear();
  CHECK(json.decode(R"({"x": 2})", out).empty());
  CHECK(out[0].is_nil());
  CHECK(out[1].as_double() == 2.0);
  out.clear();
  CHECK(json.decode("[1]", out) == "JSON value is not an object");
  out.clear();
  CHECK(json.decode("{", out) == "value is not valid JSON");
  out.clear();
  CHECK(json.decode(R"({"n": 1.5})", out) == "field 'n': '1.5' is not an integer");
  out.clear();
  // A 200 KB record whose string field holds a 100,000-deep array overflowed the stack (SIGSEGV,
  // again after every restart): now a malformed record like any other.
  std::string deep = R"({"s": )" + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK(json.decode(deep, out) == "value is JSON nested deeper than 64 levels");
  out.clear();
  CHECK(json.decode(R"({"s": "[[[[ brackets in a string do not nest"})", out).empty());

  CHECK_THROWS_AS(ValueFormat("xml", {}, nullptr, ","), SettingError);
  CHECK_THROWS_AS(ValueFormat("csv", {}, nullptr, ","), SettingError);
  CHECK_THROWS_AS(ValueFormat("csv", {"a"}, {{"b", "int"}}, ","), SettingError);
}
