#include <limits>
#include <random>

#include <doctest/doctest.h>

#include "squall/api/detail/tuple_access.hpp"
#include "squall/api/errors.hpp"
#include "squall/runtime/serialization/tuple_codec.hpp"

using namespace squall;
using namespace squall::runtime;

namespace {

const detail::StreamSchema* schema = detail::intern_schema({"spout", "default", Fields{"n", "b", "i", "d", "s", "raw"}, false});

SchemaLookup lookup = [](std::string_view c, std::string_view s) -> const detail::StreamSchema* {
  return (c == "spout" && s == "default") ? schema : nullptr;
};

Envelope tuple_envelope(Values values) {
  auto state = std::make_shared<detail::TupleState>();
  state->values = std::move(values);
  state->schema = schema;
  state->source_task = 4;
  state->anchors = {{0xdeadbeefcafef00dULL, 0x0123456789abcdefULL}, {1, 2}};
  return Envelope{7, TupleMessage{Tuple(std::move(state))}};
}

std::span<const std::byte> bytes(const std::string& s) { return std::as_bytes(std::span(s.data(), s.size())); }

}  // namespace

TEST_CASE("round trip of every value type, anchors and acker messages") {
  Batch batch;
  batch.push_back(tuple_envelope({Value(), true, std::numeric_limits<std::int64_t>::min(), -0.0, "héllo", Bytes{{0, 255, 7}}}));
  batch.push_back(tuple_envelope({Value(), false, std::numeric_limits<std::int64_t>::max(), 1e300, "", Bytes{}}));
  batch.push_back(Envelope{9, AckInit{~0ULL, 12345, 4}});
  batch.push_back(Envelope{4, RootFailed{77, 6}});
  batch.push_back(Envelope{5, AckAck{3, 0xffffffffffffffffULL}});
  batch.push_back(Envelope{5, AckFail{8, 2}});
  batch.push_back(Envelope{5, AckResetTimeout{9}});
  batch.push_back(Envelope{4, RootAcked{10}});
  batch.push_back(Envelope{4, RootResetTimeout{11}});
  std::string frame;
  encode_batch(batch, frame);
  Batch back = decode_batch(bytes(frame), lookup);
  REQUIRE(back.size() == batch.size());
  auto tuple_of = [](const Envelope& e) -> const Tuple& { return std::get<TupleMessage>(e.message).tuple; };
  for (std::size_t i = 0; i < 2; ++i) {
    REQUIRE(std::holds_alternative<TupleMessage>(back[i].message));
    CHECK(back[i].task == 7);
    CHECK(tuple_of(back[i]).values() == tuple_of(batch[i]).values());
    CHECK(tuple_of(back[i]).source_task() == 4);
    CHECK(tuple_of(back[i]).get_int("i") == tuple_of(batch[i]).get_int("i"));
    REQUIRE(detail::TupleAccess::state(tuple_of(back[i])).anchors.size() == 2);
    CHECK(detail::TupleAccess::state(tuple_of(back[i])).anchors[0].root == 0xdeadbeefcafef00dULL);
    CHECK(detail::TupleAccess::state(tuple_of(back[i])).anchors[0].edge == 0x0123456789abcdefULL);
  }
  CHECK(tuple_of(back[1]).get_bytes("raw").data.empty());
  const auto& init = std::get<AckInit>(back[2].message);
  CHECK(back[2].task == 9);
  CHECK(init.root == ~0ULL);
  CHECK(init.edges_xor == 12345);
  CHECK(init.spout_task == 4);
  CHECK(std::get<RootFailed>(back[3].message).root == 77);
  CHECK(std::get<RootFailed>(back[3].message).failed_by_task == 6);
  CHECK(std::get<AckAck>(back[4].message).root == 3);
  CHECK(std::get<AckAck>(back[4].message).value == 0xffffffffffffffffULL);
  CHECK(std::get<AckFail>(back[5].message).root == 8);
  CHECK(std::get<AckFail>(back[5].message).failed_by_task == 2);
  CHECK(std::get<AckResetTimeout>(back[6].message).root == 9);
  CHECK(std::get<RootAcked>(back[7].message).root == 10);
  CHECK(std::get<RootResetTimeout>(back[8].message).root == 11);
}

TEST_CASE("every truncation of a valid frame is rejected with DecodeError") {
  Batch batch;
  batch.push_back(tuple_envelope({Value(), true, 1, 2.0, "abc", Bytes{{1}}}));
  std::string frame;
  encode_batch(batch, frame);
  for (std::size_t n = 0; n < frame.size(); ++n) {
    CAPTURE(n);
    CHECK_THROWS_AS(decode_batch(bytes(frame.substr(0, n)), lookup), DecodeError);
  }
  CHECK_THROWS_AS(decode_batch(bytes(frame + "x"), lookup), DecodeError);  // trailing bytes
}

TEST_CASE("malformed frames are rejected, never crash") {
  auto frame_of = [](std::initializer_list<unsigned char> b) { return std::string(b.begin(), b.end()); };
  // [2, []]: unknown version
  CHECK_THROWS_AS(decode_batch(bytes(frame_of({0x92, 0x02, 0x90})), lookup), DecodeError);
  // a bare integer, not a frame
  CHECK_THROWS_AS(decode_batch(bytes(frame_of({0x05})), lookup), DecodeError);
  // an array that claims 2^32-1 elements in a 5-byte frame: must not allocate, must throw
  CHECK_THROWS_AS(decode_batch(bytes(frame_of({0xdd, 0xff, 0xff, 0xff, 0xff})), lookup), DecodeError);

  Batch batch;
  batch.push_back(tuple_envelope({Value(), true, 1, 2.0, "abc", Bytes{{1}}}));
  std::string good;
  encode_batch(batch, good);
  SchemaLookup none = [](std::string_view, std::string_view) -> const detail::StreamSchema* { return nullptr; };
  CHECK_THROWS_AS(decode_batch(bytes(good), none), DecodeError);  // unknown stream
  const auto* narrow = detail::intern_schema({"spout", "default", Fields{"only"}, false});
  SchemaLookup wrong_arity = [&](std::string_view, std::string_view) { return narrow; };
  CHECK_THROWS_AS(decode_batch(bytes(good), wrong_arity), DecodeError);

  // Random mutations of a valid frame: decode or DecodeError, nothing else.
  std::mt19937 rng(42);
  int rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string f = good;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) f[rng() % f.size()] = static_cast<char>(rng());
    try {
      (void)decode_batch(bytes(f), lookup);
    } catch (const DecodeError&) {
      ++rejected;
    }
  }
  CHECK(rejected > 1000);
}

TEST_CASE("integers outside int64 are rejected") {
  // [1, [[0, 1, 1, 0, 0, "spout", "default", 1, [nil, true, uint64 max, ...], []]]]
  Batch batch;
  batch.push_back(tuple_envelope({Value(), true, 1, 2.0, "abc", Bytes{{1}}}));
  std::string frame;
  encode_batch(batch, frame);
  // The int64 value 1 is encoded as positive fixint 0x01 right after nil (0xc0) and true (0xc3).
  auto at = frame.find("\xc0\xc3\x01");
  REQUIRE(at != std::string::npos);
  std::string big = frame.substr(0, at + 2) + std::string("\xcf\xff\xff\xff\xff\xff\xff\xff\xff", 9) + frame.substr(at + 3);
  CHECK_THROWS_AS(decode_batch(bytes(big), lookup), DecodeError);
}
