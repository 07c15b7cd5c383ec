#include <doctest/doctest.h>

#include "squall/runtime/acking/pending_tuples.hpp"

using namespace squall::runtime;
using namespace std::chrono_literals;

TEST_CASE("pending tuples: add, take, stale roots, per-task counts") {
  PendingTuples p(30s, 2);
  auto t0 = std::chrono::steady_clock::now();
  auto a = p.add(0, squall::MessageId(1), t0);
  auto b = p.add(1, squall::MessageId("b"), t0);
  CHECK(a != b);
  CHECK(p.pending(0) == 1);
  CHECK(p.pending(1) == 1);
  auto got = p.take(a);
  REQUIRE(got);
  CHECK(got->message_id.as_int() == 1);
  CHECK_FALSE(p.take(a));  // already taken
  auto c = p.add(0, squall::MessageId(3), t0);  // reuses a's slot with a new random half
  CHECK((c & 0xffffffffu) == (a & 0xffffffffu));
  CHECK_FALSE(p.take(a));  // a stale completion does not complete c
  CHECK(p.size() == 2);
  CHECK(p.take(c));
  CHECK(p.take(b));
  CHECK(p.size() == 0);
}

TEST_CASE("timeouts are exact and in deadline order; reset moves a tuple to the back") {
  PendingTuples p(100ms, 1);
  auto t0 = std::chrono::steady_clock::time_point{};
  auto a = p.add(0, squall::MessageId(1), t0);
  auto b = p.add(0, squall::MessageId(2), t0 + 10ms);
  auto c = p.add(0, squall::MessageId(3), t0 + 20ms);
  CHECK_FALSE(p.take_expired(t0 + 99ms));
  CHECK(p.reset(a, t0 + 50ms));  // a now expires at 150 ms
  auto e = p.take_expired(t0 + 110ms);
  REQUIRE(e);
  CHECK(e->root == b);
  CHECK_FALSE(p.take_expired(t0 + 119ms));
  e = p.take_expired(t0 + 120ms);
  REQUIRE(e);
  CHECK(e->root == c);
  CHECK_FALSE(p.take_expired(t0 + 149ms));
  CHECK(*p.next_deadline() == t0 + 150ms);
  e = p.take_expired(t0 + 150ms);
  REQUIRE(e);
  CHECK(e->root == a);
  CHECK(p.size() == 0);
}
