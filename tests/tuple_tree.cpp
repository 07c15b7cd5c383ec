// Storm's acking arithmetic (squall/runtime/acking/tuple_tree + AckLedger) against a brute-force
// model of the tuple tree: random trees with fan-out, multi-anchoring across trees, fails, and
// acker messages delivered in random order. The ledger must say "completed" for a root exactly
// when the model has no un-acked tuple of that tree left and every message of it was delivered,
// and "failed" when a tuple of the tree failed.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <vector>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/runtime/acking/ack_ledger.hpp"
#include "squall/runtime/acking/tuple_tree.hpp"

using namespace squall;
using namespace squall::runtime;

namespace {

struct Message {
  enum Kind { init, ack, fail } kind;
  std::uint64_t root, value;
};

struct Model {
  std::mt19937_64 rng;
  RandomIds ids;
  AckLedger ledger;
  std::vector<Tuple> live;                         // emitted, not yet acked or failed
  std::map<std::uint64_t, int> live_in_tree;       // brute force: un-acked tuples per root
  std::map<std::uint64_t, int> undelivered;        // acker messages in flight per root
  std::map<std::uint64_t, bool> failed_tree;       // a tuple of the tree failed
  std::map<std::uint64_t, int> verdicts;           // completed or failed verdicts per root
  std::vector<Message> in_flight;
  std::uint64_t next_root = 1;

  explicit Model(std::uint64_t seed) : rng(seed), ids(seed * 7 + 1) {}

  Tuple make(std::vector<detail::AnchorEdge> anchors) {
    auto state = std::make_shared<detail::TupleState>();
    for (const auto& a : anchors) state->anchors.push_back(a);
    for (const auto& a : state->anchors) ++live_in_tree[a.root];
    return Tuple(std::move(state));
  }
  void post(Message m) {
    ++undelivered[m.root];
    in_flight.push_back(m);
  }

  void spout_emit() {
    std::uint64_t root = next_root++ * 0x9e3779b97f4a7c15ULL;
    std::size_t copies = 1 + rng() % 3;
    std::vector<std::uint64_t> edges;
    std::uint64_t init_value = acking::start_tree(ids, copies, edges);
    REQUIRE(edges.size() == copies);
    live_in_tree[root] += 0;
    for (auto e : edges) live.push_back(make({{root, e}}));
    post({Message::init, root, init_value});
  }

  // A bolt processes a random live tuple: emits 0-2 children anchored to it (and sometimes to a
  // second live tuple, often of another tree), then acks it, or (rarely) fails it.
  void bolt_step(bool may_emit = true) {
    if (live.empty()) return;
    std::size_t i = rng() % live.size();
    Tuple input = live[i];
    live.erase(live.begin() + static_cast<long>(i));
    auto dice = rng() % 10;  // 0, 1 or 2 children: 0.7 on average, so trees end
    int children = !may_emit || dice < 5 ? 0 : dice < 8 ? 1 : 2;
    for (int c = 0; c < children; ++c) {
      std::vector<Tuple> anchors{input};
      if (!live.empty() && rng() % 3 == 0) anchors.push_back(live[rng() % live.size()]);
      if (rng() % 5 == 0) anchors.push_back(input);  // the same anchor twice
      auto child = std::make_shared<detail::TupleState>();
      acking::anchor(*child, anchors, ids);
      std::vector<std::uint64_t> roots;
      for (const auto& a : child->anchors) roots.push_back(a.root);
      std::sort(roots.begin(), roots.end());
      CHECK(std::adjacent_find(roots.begin(), roots.end()) == roots.end());  // one entry per root
      for (const auto& a : child->anchors) ++live_in_tree[a.root];
      live.push_back(Tuple(std::move(child)));
    }
    bool fail = rng() % 50 == 0;
    const auto& s = detail::TupleAccess::state(input);
    for (const auto& a : s.anchors) {
      --live_in_tree[a.root];
      if (fail) failed_tree[a.root] = true;
    }
    acking::for_each_root(s, [&](std::uint64_t root, std::uint64_t value) {
      post({fail ? Message::fail : Message::ack, root, value});
    });
  }

  void deliver_one() {
    std::size_t i = rng() % in_flight.size();
    Message m = in_flight[i];
    in_flight.erase(in_flight.begin() + static_cast<long>(i));
    --undelivered[m.root];
    std::optional<AckerVerdict> verdict;
    if (m.kind == Message::init) verdict = ledger.init(m.root, m.value, 7);
    if (m.kind == Message::ack) verdict = ledger.ack(m.root, m.value);
    if (m.kind == Message::fail) verdict = ledger.fail(m.root, 9);
    if (!verdict) return;
    CAPTURE(m.root);
    ++verdicts[m.root];
    CHECK(verdict->spout_task == 7);
    if (verdict->kind == AckerVerdict::Kind::completed) {
      CHECK_FALSE(failed_tree[m.root]);
      CHECK(live_in_tree[m.root] == 0);  // never before every tuple of the tree was acked
      CHECK(undelivered[m.root] == 0);   // ... and every message of it arrived
    } else {
      REQUIRE(verdict->kind == AckerVerdict::Kind::failed);
      CHECK(failed_tree[m.root]);
      CHECK(verdict->failed_by_task == 9);
    }
  }
};

}  // namespace

TEST_CASE("XOR acking matches a brute-force tuple tree, with messages in any order") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    Model m(seed);
    for (int step = 0; step < 3000; ++step) {
      auto r = m.rng() % 10;
      if (r < 2) m.spout_emit();
      else if (r < 7) m.bolt_step();
      else if (!m.in_flight.empty()) m.deliver_one();
    }
    for (int step = 0; step < 2000 && !m.live.empty(); ++step) m.bolt_step();
    while (!m.live.empty()) m.bolt_step(false);
    while (!m.in_flight.empty()) m.deliver_one();
    // Every tree ended: completed or failed once, and the ledger holds nothing of a done tree
    // (a failed tree's late acks may leave an entry, which rotation forgets).
    for (const auto& [root, live] : m.live_in_tree) {
      CAPTURE(root);
      CHECK(live == 0);
      CHECK(m.verdicts[root] >= 1);
      if (!m.failed_tree[root]) CHECK(m.verdicts[root] == 1);
    }
    m.ledger.rotate();
    m.ledger.rotate();
    CHECK(m.ledger.size() == 0);
  }
}

TEST_CASE("a child anchored twice to one tuple, or to two tuples of one tree, carries one edge per root") {
  RandomIds ids(3);
  std::vector<std::uint64_t> edges;
  std::uint64_t init = acking::start_tree(ids, 2, edges);
  CHECK(init == (edges[0] ^ edges[1]));
  auto parent = [&](std::uint64_t edge) {
    auto s = std::make_shared<detail::TupleState>();
    s->anchors = {{42, edge}};
    return Tuple(std::move(s));
  };
  Tuple a = parent(edges[0]), b = parent(edges[1]);
  detail::TupleState child;
  std::vector<Tuple> anchors{a, b, a};
  acking::anchor(child, anchors, ids);
  REQUIRE(child.anchors.size() == 1);
  auto& sa = detail::TupleAccess::state(a);
  auto& sb = detail::TupleAccess::state(b);
  // The child's edge is the XOR of the three edges given to its anchors.
  CHECK(child.anchors[0].edge == (sa.ack_value ^ sb.ack_value));
  // Acking a, b and the child brings the tree's XOR to zero.
  std::uint64_t sum = init;
  for (auto* s : {&sa, &sb, &child}) acking::for_each_root(*s, [&](std::uint64_t, std::uint64_t v) { sum ^= v; });
  CHECK(sum == 0);
}

TEST_CASE("an emit anchored only to untracked tuples is untracked") {
  RandomIds ids(5);
  auto untracked = Tuple(std::make_shared<detail::TupleState>());
  detail::TupleState child;
  std::vector<Tuple> anchors{untracked};
  acking::anchor(child, anchors, ids);
  CHECK(child.anchors.empty());
  CHECK(detail::TupleAccess::state(untracked).ack_value == 0);
}

TEST_CASE("a tuple's anchor pairs: one inline, more on the heap; copies and moves keep every pair") {
  using squall::detail::AnchorEdge;
  using squall::detail::AnchorEdges;
  AnchorEdges one;
  CHECK(one.empty());
  one.push_back({1, 10});
  AnchorEdges many;
  for (std::uint64_t i = 0; i < 5; ++i) many.push_back({i, i * 100});
  auto same = [](const AnchorEdges& a, std::vector<std::uint64_t> roots) {
    std::vector<std::uint64_t> got;
    for (const auto& [root, edge] : a) got.push_back(root);
    return got == roots;
  };
  CHECK(same(one, {1}));
  CHECK(same(many, {0, 1, 2, 3, 4}));
  CHECK(many[4].edge == 400);
  AnchorEdges copied = many, moved_inline = std::move(one), moved_heap = std::move(many);
  CHECK(same(copied, {0, 1, 2, 3, 4}));
  CHECK(same(moved_inline, {1}));
  CHECK(same(moved_heap, {0, 1, 2, 3, 4}));
  CHECK(one.empty());   // NOLINT(bugprone-use-after-move): a moved-from list is empty
  CHECK(many.empty());  // NOLINT(bugprone-use-after-move)
  copied = moved_inline;
  CHECK(same(copied, {1}));
  moved_inline = moved_heap;
  CHECK(same(moved_inline, {0, 1, 2, 3, 4}));
  moved_inline.resize(2);
  CHECK(same(moved_inline, {0, 1}));
  moved_heap = std::move(copied);
  CHECK(same(moved_heap, {1}));
  moved_heap.clear();
  CHECK(moved_heap.empty());
}
