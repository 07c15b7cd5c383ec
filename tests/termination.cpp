// Termination detection (runtime/run/termination.hpp): the four-counter test over two waves.
#include <doctest/doctest.h>

#include "squall/runtime/run/termination.hpp"

using squall::runtime::QuiescenceRule;
using squall::runtime::quiescent_across_two_waves;
using squall::runtime::RunTotals;
using squall::runtime::Wave;

namespace {

Wave wave(std::initializer_list<std::pair<int, RunTotals>> parts) {
  Wave w;
  for (const auto& [part, totals] : parts) w.add(part, totals);
  return w;
}

bool quiet(const QuiescenceRule& rule, const Wave& first, std::optional<Wave> second) {
  int calls = 0;
  bool result = quiescent_across_two_waves(rule, first, [&] {
    ++calls;
    return second;
  });
  CHECK(calls <= 1);
  return result;
}

}  // namespace

TEST_CASE("quiet: every envelope sent was processed, nothing pending, and nothing moved between the waves") {
  // An envelope sent by executor 0 and processed by executor 1: the sums balance.
  auto w = wave({{0, {5, 2, 0, true}}, {1, {1, 4, 0, true}}});
  CHECK(w.sum == RunTotals{6, 6, 0, true});
  CHECK(quiet({}, w, w));
  CHECK(quiet({true, false}, w, w));
}

TEST_CASE("not quiet when the counters do not balance, a tuple is pending, or a spout is not exhausted") {
  auto in_flight = wave({{0, {5, 2, 0, true}}, {1, {0, 2, 0, true}}});
  CHECK_FALSE(quiet({}, in_flight, in_flight));
  auto pending = wave({{0, {3, 3, 1, true}}});
  CHECK_FALSE(quiet({}, pending, pending));
  auto open_spout = wave({{0, {3, 3, 0, false}}});
  CHECK(quiet({false, false}, open_spout, open_spout));  // drained
  CHECK_FALSE(quiet({true, false}, open_spout, open_spout));  // not complete
}

TEST_CASE("balanced sums that changed between the waves are not quiet (an envelope moved unseen)") {
  auto first = wave({{0, {2, 1, 0, true}}, {1, {1, 2, 0, true}}});
  // Executor 0 read before it sent one more and executor 1 after it processed it, on both
  // waves, would balance; a second wave that differs part by part reveals the motion.
  auto second = wave({{0, {3, 1, 0, true}}, {1, {1, 3, 0, true}}});
  CHECK(first.sum.sent == first.sum.processed);
  CHECK(second.sum.sent == second.sum.processed);
  CHECK_FALSE(quiet({}, first, second));
  // The same sums split differently over the parts: also motion.
  auto shifted = wave({{0, {1, 2, 0, true}}, {1, {2, 1, 0, true}}});
  CHECK_FALSE(quiet({}, first, shifted));
}

TEST_CASE("no second wave (a worker's heartbeat did not come) is not quiet; a failing first wave reads no second") {
  auto w = wave({{0, {1, 1, 0, true}}});
  CHECK_FALSE(quiet({}, w, std::nullopt));
  int calls = 0;
  auto busy = wave({{0, {2, 1, 0, true}}});
  CHECK_FALSE(quiescent_across_two_waves(QuiescenceRule{}, busy, [&] {
    ++calls;
    return std::optional<Wave>(busy);
  }));
  CHECK(calls == 0);
  CHECK_FALSE(quiescent_across_two_waves(QuiescenceRule{}, std::nullopt, [] { return std::optional<Wave>(); }));
}

TEST_CASE("after a worker died, sends to it are lost: nothing pending decides") {
  auto lost = wave({{100, {10, 7, 0, true}}, {101, {0, 0, 0, true}}});
  CHECK_FALSE(quiet({}, lost, lost));
  CHECK(quiet({false, true}, lost, lost));
  auto still_pending = wave({{100, {10, 7, 2, true}}});
  CHECK_FALSE(quiet({false, true}, still_pending, still_pending));
}
