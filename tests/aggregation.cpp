// Aggregates, HyperLogLog and the pane engine: incremental results equal a brute-force
// recomputation of every window on random streams.
#include <cmath>
#include <map>
#include <random>
#include <set>

#include <doctest/doctest.h>

#include "squall/api/registry/component_settings.hpp"
#include "squall/catalogue/bolts/aggregation/aggregate_spec.hpp"
#include "squall/catalogue/bolts/aggregation/group_key.hpp"
#include "squall/catalogue/bolts/aggregation/hyperloglog.hpp"
#include "squall/catalogue/bolts/aggregation/pane_aggregator.hpp"

using namespace squall;
using namespace squall::aggregation;

TEST_CASE("aggregates parse from the topology file's words") {
  auto a = parse_aggregates({"count", "sum(bytes)", "avg(latency)", "distinct(user) as users", "approx_distinct(ip)"});
  CHECK(a[0].kind == AggregateKind::count);
  CHECK(a[1].name == "sum_bytes");
  CHECK(a[2].kind == AggregateKind::mean);
  CHECK(a[2].name == "mean_latency");
  CHECK(a[3].name == "users");
  CHECK(a[3].invertible());
  CHECK_FALSE(a[4].invertible());
  CHECK_THROWS_WITH_AS(parse_aggregate("median(x)"), doctest::Contains("unknown function 'median'"), SettingError);
  CHECK_THROWS_WITH_AS(parse_aggregate("sum"), doctest::Contains("sum needs a field"), SettingError);
  CHECK_THROWS_WITH_AS(parse_aggregates({"count", "sum(x) as count"}), doctest::Contains("two produce the field 'count'"),
                       SettingError);
}

TEST_CASE("HyperLogLog estimates within a few standard errors, small and large, and merges") {
  for (std::int64_t n : {10, 1000, 200000}) {
    HyperLogLog h(12), a(12), b(12);
    for (std::int64_t i = 0; i < n; ++i) {
      std::string key;
      append_key(key, Value(i));
      auto hash = mixed_hash(key);
      h.add_hash(hash);
      h.add_hash(hash);  // duplicates do not count
      (i % 2 ? a : b).add_hash(hash);
    }
    a.merge(b);
    double error = std::abs(h.estimate() - static_cast<double>(n));
    CAPTURE(n);
    CHECK(error <= std::max(1.0, 0.05 * static_cast<double>(n)));  // 3 standard errors at precision 12
    CHECK(a.estimate() == doctest::Approx(h.estimate()));
  }
}

namespace {

struct Event {
  std::int64_t time;
  std::string key;
  std::int64_t value;
};

struct Row {
  std::int64_t tuples = 0;
  std::vector<Value> results;
};

// Every window's rows, by (end, key).
using Results = std::map<std::pair<std::int64_t, std::string>, Row>;

Results run_incremental(const WindowSpec& spec, const std::vector<AggregateSpec>& aggs, const std::vector<Event>& events,
                        std::int64_t final_time, std::size_t* max_panes = nullptr) {
  PaneAggregator p(spec, aggs, 12);
  Results out;
  auto evaluate = [&](const WindowResult& r) {
    for (const auto& [code, state] : *r.keys) {
      Row row{state.tuples, {}};
      for (std::size_t i = 0; i < aggs.size(); ++i) row.results.push_back(state.aggregates[i].result(aggs[i]));
      out[{r.end, state.key[0].as_string()}] = row;
    }
  };
  auto expire = [](Tuple&) {};
  for (const auto& e : events) {
    p.advance_to(e.time, evaluate, expire);
    std::string code;
    Values key{e.key};
    append_key(code, key[0]);
    Value v(e.value);
    std::vector<const Value*> inputs(aggs.size(), &v);
    p.add(e.time, code, key, inputs, Tuple(), evaluate, expire);
    if (max_panes) *max_panes = std::max(*max_panes, p.panes());
  }
  p.advance_to(final_time, evaluate, expire);
  return out;
}

// Recomputes each window the incremental run reported, from scratch.
void check_against_brute_force(const Results& got, const WindowSpec& spec, const std::vector<AggregateSpec>& aggs,
                               const std::vector<Event>& events) {
  bool count_window = spec.count_length();
  std::int64_t length = count_window ? std::get<Count>(spec.length).tuples : std::get<Duration>(spec.length).count();
  std::set<std::int64_t> ends;
  for (const auto& [k, _] : got) ends.insert(k.first);
  REQUIRE(ends.size() > 3);
  std::size_t rows = 0;
  for (auto end : ends) {
    std::map<std::string, std::vector<std::int64_t>> by_key;
    for (std::size_t i = 0; i < events.size(); ++i) {
      std::int64_t t = count_window ? static_cast<std::int64_t>(i) : events[i].time;
      if (t >= end - length && t < end) by_key[events[i].key].push_back(events[i].value);
    }
    for (const auto& [key, values] : by_key) {
      auto it = got.find({end, key});
      REQUIRE_MESSAGE(it != got.end(), "window ending " << end << " lacks key " << key);
      ++rows;
      const Row& row = it->second;
      CHECK(row.tuples == static_cast<std::int64_t>(values.size()));
      for (std::size_t i = 0; i < aggs.size(); ++i) {
        const Value& r = row.results[i];
        switch (aggs[i].kind) {
          case AggregateKind::count: CHECK(r.as_int() == static_cast<std::int64_t>(values.size())); break;
          case AggregateKind::sum: {
            double sum = 0;
            for (auto v : values) sum += static_cast<double>(v);
            CHECK(r.as_double() == doctest::Approx(sum));
            break;
          }
          case AggregateKind::min: CHECK(r.as_double() == static_cast<double>(*std::min_element(values.begin(), values.end()))); break;
          case AggregateKind::max: CHECK(r.as_double() == static_cast<double>(*std::max_element(values.begin(), values.end()))); break;
          case AggregateKind::mean: {
            double sum = 0;
            for (auto v : values) sum += static_cast<double>(v);
            CHECK(r.as_double() == doctest::Approx(sum / static_cast<double>(values.size())));
            break;
          }
          case AggregateKind::distinct:
            CHECK(r.as_int() == static_cast<std::int64_t>(std::set<std::int64_t>(values.begin(), values.end()).size()));
            break;
          case AggregateKind::approx_distinct: {
            auto exact = static_cast<double>(std::set<std::int64_t>(values.begin(), values.end()).size());
            CHECK(std::abs(static_cast<double>(r.as_int()) - exact) <= std::max(2.0, 0.05 * exact));
            break;
          }
        }
      }
    }
  }
  // Nothing extra: every reported row was recomputed.
  CHECK(rows == got.size());
}

std::vector<Event> random_stream(std::uint64_t seed, std::size_t n, std::int64_t max_gap_ms, int keys) {
  std::mt19937_64 rng(seed);
  std::vector<Event> events;
  std::int64_t t = 1'000'000;
  for (std::size_t i = 0; i < n; ++i) {
    t += static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(max_gap_ms + 1));
    events.push_back({t, "k" + std::to_string(rng() % static_cast<std::uint64_t>(keys)),
                      static_cast<std::int64_t>(rng() % 100) - 20});
  }
  return events;
}

}  // namespace

TEST_CASE("incremental windows equal a brute-force recomputation on random streams") {
  auto invertible = parse_aggregates({"count", "sum(v)", "mean(v)", "distinct(v)"});
  auto combined = parse_aggregates({"count", "min(v)", "max(v)", "approx_distinct(v)"});
  for (std::uint64_t seed : {1, 2, 3}) {
    auto events = random_stream(seed, 3000, 7, 13);
    std::int64_t end = events.back().time + 1000;
    for (const auto* aggs : {&invertible, &combined}) {
      CAPTURE(seed);
      CAPTURE(aggs == &invertible);
      SUBCASE("sliding time window") {
        auto spec = WindowSpec::sliding(Duration(300), Duration(40));
        check_against_brute_force(run_incremental(spec, *aggs, events, end), spec, *aggs, events);
      }
      SUBCASE("tumbling time window") {
        auto spec = WindowSpec::tumbling(Duration(250));
        check_against_brute_force(run_incremental(spec, *aggs, events, end), spec, *aggs, events);
      }
      SUBCASE("sliding count window") {
        auto spec = WindowSpec::sliding(Count{120}, Count{50});
        check_against_brute_force(run_incremental(spec, *aggs, events, end), spec, *aggs, events);
      }
      SUBCASE("gaps longer than the window: skipped windows, then a fresh start") {
        auto sparse = random_stream(seed, 400, 900, 5);
        auto spec = WindowSpec::sliding(Duration(1000), Duration(300));
        check_against_brute_force(run_incremental(spec, *aggs, sparse, sparse.back().time + 2000), spec, *aggs, sparse);
      }
    }
  }
}

TEST_CASE("panes held are bounded by the window, not the stream") {
  auto events = random_stream(9, 20000, 5, 50);
  std::size_t max_panes = 0;
  auto spec = WindowSpec::sliding(Duration(500), Duration(100));
  run_incremental(spec, parse_aggregates({"count", "max(v)"}), events, events.back().time, &max_panes);
  CHECK(max_panes <= 500 / 100 + 2);
}
