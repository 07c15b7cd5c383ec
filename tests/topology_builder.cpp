#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "support/test_components.hpp"

using namespace squall;

namespace {
auto spout_factory() {
  return [] { return std::make_unique<test::CountingSpout>(std::make_shared<test::SpoutLog>(), 1); };
}
auto pass_factory() {
  return [] { return std::make_unique<test::PassBolt>(); };
}
std::string error_of(const TopologyBuilder& b) {
  try {
    (void)b.create_topology();
  } catch (const TopologyError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("a valid topology keeps declared outputs and subscriptions") {
  TopologyBuilder b;
  b.set_spout("s", spout_factory(), 2);
  b.set_bolt("p", pass_factory(), 3).set_num_tasks(6).fields_grouping("s", {"id"});
  Topology t = b.create_topology();
  REQUIRE(t.find("p"));
  CHECK(t.find("p")->num_tasks == 6);
  CHECK(t.find("s")->outputs.at("default").fields == Fields{"id", "payload"});
}

TEST_CASE("every problem is reported at once") {
  TopologyBuilder b;
  b.set_spout("s", spout_factory(), 0);
  b.set_bolt("s", pass_factory());                                   // duplicate id
  b.set_bolt("orphan", pass_factory());                              // no input
  b.set_bolt("a", pass_factory()).shuffle_grouping("nope");          // unknown source
  b.set_bolt("c", pass_factory()).shuffle_grouping("s", "missing");  // unknown stream
  b.set_bolt("d", pass_factory()).fields_grouping("s", {"wrod"});    // unknown field
  b.set_bolt("e", pass_factory()).direct_grouping("s");              // not a direct stream
  auto msg = error_of(b);
  CHECK(msg.find("parallelism 0") != std::string::npos);
  CHECK(msg.find("'s' is used twice") != std::string::npos);
  CHECK(msg.find("'orphan' has no input") != std::string::npos);
  CHECK(msg.find("unknown component 'nope'") != std::string::npos);
  CHECK(msg.find("stream 'missing'") != std::string::npos);
  CHECK(msg.find("field 'wrod'") != std::string::npos);
  CHECK(msg.find("not declared direct") != std::string::npos);
}
