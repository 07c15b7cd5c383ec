#include <map>
#include <set>

#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "squall/runtime/routing/grouper.hpp"

using namespace squall;
using namespace squall::groupings;

namespace {

const Fields source_fields{"word", "n"};

std::unique_ptr<Grouper> grouper(const Grouping& g, std::vector<int> targets, std::vector<int> local = {}) {
  GrouperSpec spec{&g, &source_fields, targets, local.empty() ? targets : local, 1,
                   GroupingContext{"src", "default", &source_fields, "dst"}};
  return make_grouper(spec);
}

std::vector<int> choose(Grouper& g, const Values& v) {
  std::vector<int> out;
  g.choose_tasks(v, out);
  return out;
}

}  // namespace

TEST_CASE("shuffle spreads evenly over every target") {
  Grouping g = Grouping::shuffle();
  auto s = grouper(g, {3, 4, 5});
  std::map<int, int> counts;
  for (int i = 0; i < 3000; ++i) {
    auto t = choose(*s, {"w", i});
    REQUIRE(t.size() == 1);
    ++counts[t[0]];
  }
  CHECK(counts == std::map<int, int>{{3, 1000}, {4, 1000}, {5, 1000}});
}

TEST_CASE("fields: same key → same task, deterministic across instances, keys spread") {
  Grouping g = Grouping::by_fields({"word"});
  auto a = grouper(g, {10, 11, 12, 13});
  auto b = grouper(g, {10, 11, 12, 13});
  std::set<int> used;
  for (int i = 0; i < 200; ++i) {
    std::string key = "key" + std::to_string(i);
    auto first = choose(*a, {key, i});
    CHECK(choose(*a, {key, i + 1}) == first);  // other fields do not matter
    CHECK(choose(*b, {key, 0}) == first);      // another emitter agrees
    used.insert(first[0]);
  }
  CHECK(used.size() == 4);
  // Pinned: the hash is stable across builds and processes, so this value must never change.
  CHECK(choose(*a, {"the", 0}) == choose(*grouper(g, {10, 11, 12, 13}), {"the", 5}));
}

TEST_CASE("fields grouping on an undeclared field is rejected, naming the field") {
  Grouping g = Grouping::by_fields({"wrod"});
  try {
    (void)grouper(g, {1});
    FAIL("expected TopologyError");
  } catch (const TopologyError& e) {
    CHECK(std::string(e.what()).find("wrod") != std::string::npos);
  }
}

TEST_CASE("all → every task; global → lowest task; direct → none by choice") {
  Grouping all = Grouping::all(), global = Grouping::global(), direct = Grouping::direct();
  CHECK(choose(*grouper(all, {2, 3, 4}), {"w", 1}) == std::vector<int>{2, 3, 4});
  auto gl = grouper(global, {7, 5, 9});
  for (int i = 0; i < 10; ++i) CHECK(choose(*gl, {"w", i}) == std::vector<int>{5});
  CHECK(choose(*grouper(direct, {2, 3}), {"w", 1}).empty());
}

TEST_CASE("local or shuffle prefers the emitter's worker") {
  Grouping g = Grouping::local_or_shuffle();
  auto s = grouper(g, {1, 2, 3, 4}, {2, 4});
  for (int i = 0; i < 100; ++i) {
    int t = choose(*s, {"w", i})[0];
    CHECK((t == 2 || t == 4));
  }
}

TEST_CASE("partial key: a key uses at most two tasks, and a hot key is split between them") {
  Grouping pkg = Grouping::partial_key({"word"}), fields = Grouping::by_fields({"word"});
  auto p = grouper(pkg, {1, 2, 3, 4, 5});
  auto f = grouper(fields, {1, 2, 3, 4, 5});
  std::map<std::string, std::map<int, int>> per_key;
  std::map<int, int> pkg_load, fields_load;
  // Zipf-like skew: key k appears 1000 / (k + 1) times; "k0" is 22% of the stream.
  for (int k = 0; k < 50; ++k)
    for (int n = 0; n < 1000 / (k + 1); ++n) {
      std::string key = "k" + std::to_string(k);
      int t = choose(*p, {key, n})[0];
      ++per_key[key][t];
      ++pkg_load[t];
      ++fields_load[choose(*f, {key, n})[0]];
    }
  for (auto& [key, tasks] : per_key) CHECK(tasks.size() <= 2);
  REQUIRE(per_key["k0"].size() == 2);
  for (auto& [task, n] : per_key["k0"]) CHECK(std::abs(n - 500) <= 50);  // the hot key split in half
  auto peak = [](const std::map<int, int>& load) {
    int hi = 0;
    for (auto& [t, n] : load) hi = std::max(hi, n);
    return hi;
  };
  MESSAGE("peak task load: partial key " << peak(pkg_load) << ", fields " << peak(fields_load) << " of 4499");
  CHECK(peak(pkg_load) < peak(fields_load));
  CHECK(peak(pkg_load) <= 4499 * 0.25);
}

TEST_CASE("custom grouping: the user's class chooses, and may only choose subscribed tasks") {
  struct EvenOdd : CustomStreamGrouping {
    std::vector<int> targets;
    void prepare(const GroupingContext&, std::vector<int> t) override { targets = std::move(t); }
    std::vector<int> choose_tasks(int, const Values& v) override {
      return {targets[static_cast<std::size_t>(v[1].as_int() % 2)]};
    }
  };
  Grouping g = Grouping::custom_grouping([] { return std::make_unique<EvenOdd>(); });
  auto s = grouper(g, {8, 9});
  CHECK(choose(*s, {"w", 4}) == std::vector<int>{8});
  CHECK(choose(*s, {"w", 5}) == std::vector<int>{9});

  struct Rogue : CustomStreamGrouping {
    void prepare(const GroupingContext&, std::vector<int>) override {}
    std::vector<int> choose_tasks(int, const Values&) override { return {99}; }
  };
  Grouping r = Grouping::custom_grouping([] { return std::make_unique<Rogue>(); });
  auto rogue = grouper(r, {8, 9});
  CHECK_THROWS_AS(choose(*rogue, {"w", 1}), TopologyError);
}
