#include <doctest/doctest.h>

#include <map>
#include <random>

#include "squall/runtime/acking/ack_folder.hpp"
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

namespace {

/// One message of a tuple tree's life, as an executor reports it.
struct TreeEvent {
  enum class Kind { init, ack, fail } kind;
  std::uint64_t root, value;
};

/// Random trees: each root starts with 1-3 tuples; each of its first 40 tuples, when acked, has 0-3
/// children (the later ones none, so that the tree ends). One
/// tree in five has one tuple failed. The events of all trees come interleaved at random, each
/// tree's in an order an executor could produce (a child after its parent's ack).
std::vector<TreeEvent> random_trees(std::mt19937_64& rng, RandomIds& ids, int roots) {
  std::vector<std::vector<TreeEvent>> per_root(static_cast<std::size_t>(roots));
  for (int r = 0; r < roots; ++r) {
    std::uint64_t root = ids.next();
    auto& events = per_root[static_cast<std::size_t>(r)];
    std::vector<std::uint64_t> open;
    std::uint64_t init = 0;
    for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) {
      open.push_back(ids.next());
      init ^= open.back();
    }
    events.push_back({TreeEvent::Kind::init, root, init});
    bool fail = rng() % 5 == 0;
    int processed = 0;
    while (!open.empty()) {
      std::size_t pick = rng() % open.size();
      std::uint64_t edge = open[pick];
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(pick));
      if (++processed == 3 && fail) {
        events.push_back({TreeEvent::Kind::fail, root, 0});
        continue;
      }
      std::uint64_t value = edge;
      if (processed < 40)
        for (int c = 0, n = static_cast<int>(rng() % 4); c < n; ++c) {
          open.push_back(ids.next());
          value ^= open.back();
        }
      events.push_back({TreeEvent::Kind::ack, root, value});
    }
  }
  std::vector<TreeEvent> all;
  std::vector<std::size_t> next(per_root.size(), 0);
  for (std::size_t left = per_root.size(); left > 0;) {
    std::size_t r = rng() % per_root.size();
    if (next[r] == per_root[r].size()) continue;
    all.push_back(per_root[r][next[r]++]);
    if (next[r] == per_root[r].size()) --left;
  }
  return all;
}

}  // namespace

TEST_CASE("folding acker messages per root gives the verdicts of acking tuple by tuple") {
  std::mt19937_64 rng(7);
  RandomIds ids(11);
  for (int round = 0; round < 20; ++round) {
    auto events = random_trees(rng, ids, 200);
    // Tuple by tuple: every event straight into a ledger.
    AckLedger direct;
    std::map<std::uint64_t, Kind> expected;
    auto note = [](std::map<std::uint64_t, Kind>& verdicts, const std::optional<AckerVerdict>& v) {
      if (v && v->kind != Kind::reset) CHECK(verdicts.emplace(v->root, v->kind).second);  // one verdict per root
    };
    for (const auto& e : events) {
      if (e.kind == TreeEvent::Kind::init) note(expected, direct.init(e.root, e.value, 1));
      if (e.kind == TreeEvent::Kind::ack) note(expected, direct.ack(e.root, e.value));
      if (e.kind == TreeEvent::Kind::fail) note(expected, direct.fail(e.root, 2));
    }
    // Folded: batches of random size through an AckFolder, as an executor thread sends them (a fail
    // goes at once, after what is folded for its root), into another ledger.
    AckLedger ledger;
    AckFolder folder;
    std::map<std::uint64_t, Kind> got;
    auto send = [&](const AckFolder::Folded& f) {
      switch (AckFolder::outcome(f)) {
        case AckFolder::Outcome::completed_here: CHECK(got.emplace(f.root, Kind::completed).second); break;
        case AckFolder::Outcome::send_init: note(got, ledger.init(f.root, f.value, f.spout_task)); break;
        case AckFolder::Outcome::send_ack: note(got, ledger.ack(f.root, f.value)); break;
        case AckFolder::Outcome::nothing: break;
      }
    };
    std::size_t batch_end = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const auto& e = events[i];
      if (e.kind == TreeEvent::Kind::init) folder.init(e.root, e.value, 1);
      if (e.kind == TreeEvent::Kind::ack) folder.ack(e.root, e.value);
      if (e.kind == TreeEvent::Kind::fail) {
        if (auto f = folder.take(e.root)) send(*f);
        note(got, ledger.fail(e.root, 2));
      }
      if (i >= batch_end) {
        folder.drain(send);
        batch_end = i + 1 + rng() % 300;
      }
    }
    folder.drain(send);
    CHECK(got == expected);
    CHECK(expected.size() == 200);
  }
}
