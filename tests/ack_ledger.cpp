#include <doctest/doctest.h>

#include "squall/runtime/acking/ack_ledger.hpp"
#include "squall/runtime/acking/random_ids.hpp"
#include "squall/runtime/acking/root_map.hpp"

using namespace squall::runtime;
using Kind = AckerVerdict::Kind;

TEST_CASE("a tree completes only when every edge is acked") {
  AckLedger ledger;
  RandomIds ids(1);
  std::uint64_t root = 42, e1 = ids.next(), e2 = ids.next(), e3 = ids.next();
  // spout → two copies (e1, e2); the bolt on e1 emits one child e3 anchored to it.
  CHECK_FALSE(ledger.init(root, e1 ^ e2, 7));
  CHECK_FALSE(ledger.ack(root, e1 ^ e3));  // input e1 acked, registering child e3
  CHECK_FALSE(ledger.ack(root, e3));       // child acked; e2 still open
  auto v = ledger.ack(root, e2);
  REQUIRE(v);
  CHECK(v->kind == Kind::completed);
  CHECK(v->spout_task == 7);
  CHECK(ledger.size() == 0);
}

TEST_CASE("acks that arrive before the init are kept until it comes") {
  AckLedger ledger;
  std::uint64_t root = 5, e1 = 0x1111, e2 = 0x2222;
  CHECK_FALSE(ledger.ack(root, e1));
  CHECK_FALSE(ledger.ack(root, e2));  // XOR is not 0, and the spout task is unknown anyway
  auto v = ledger.init(root, e1 ^ e2, 3);
  REQUIRE(v);
  CHECK(v->kind == Kind::completed);
  CHECK(v->spout_task == 3);
}

TEST_CASE("a fail wins over later acks, before or after the init") {
  AckLedger ledger;
  CHECK_FALSE(ledger.fail(9, 12));
  auto v = ledger.init(9, 0x55, 2);
  REQUIRE(v);
  CHECK(v->kind == Kind::failed);
  CHECK(v->failed_by_task == 12);
  CHECK(ledger.size() == 0);

  CHECK_FALSE(ledger.init(10, 0x66, 2));
  auto f = ledger.fail(10, 4);
  REQUIRE(f);
  CHECK(f->kind == Kind::failed);
  CHECK_FALSE(ledger.ack(10, 0x66));  // too late: already reported, a fresh entry that rotation drops
}

TEST_CASE("rotation forgets roots after two timeouts; reset keeps them") {
  AckLedger ledger;
  ledger.init(1, 0xa, 1);
  ledger.init(2, 0xb, 1);
  ledger.rotate();
  CHECK(ledger.size() == 2);
  auto r = ledger.reset_timeout(2);
  REQUIRE(r);
  CHECK(r->kind == Kind::reset);
  ledger.rotate();
  CHECK(ledger.size() == 1);  // root 1 forgotten, root 2 survived
  auto v = ledger.ack(2, 0xb);
  REQUIRE(v);
  CHECK(v->kind == Kind::completed);
}

TEST_CASE("root map: insert, find, erase with backward shift, growth") {
  RootMap<int> map;
  RandomIds ids(7);
  std::vector<std::uint64_t> keys;
  for (int i = 0; i < 5000; ++i) {
    keys.push_back(ids.next());
    map[keys.back()] = i;
  }
  CHECK(map.size() == 5000);
  for (int i = 0; i < 5000; i += 2) CHECK(map.erase(keys[static_cast<std::size_t>(i)]));
  CHECK(map.size() == 2500);
  for (int i = 0; i < 5000; ++i) {
    int* v = map.find(keys[static_cast<std::size_t>(i)]);
    if (i % 2) {
      REQUIRE(v);
      CHECK(*v == i);
    } else {
      CHECK(v == nullptr);
    }
  }
  CHECK_FALSE(map.erase(12345));
}
