// Every validation error of a topology file, with its position and hint.

#include <doctest/doctest.h>

#include "support/yaml_helpers.hpp"

using test::diagnostics_of;
using test::has_diagnostic;

namespace {

// Line numbers below refer to this layout (line 1 is "name: t").
const std::string kValidHead = R"(name: t
spouts:
  - id: words
    className: FixedTupleSpout
    constructorArgs: [[a, b, c]]
)";

}  // namespace

TEST_CASE("a valid file loads, with className aliases and Storm names") {
  auto loaded = squall::load_topology_yaml(kValidHead + R"(bolts:
  - id: count
    className: org.apache.storm.testing.TestWordCounter
    parallelism: 2
    numTasks: 4
streams:
  - from: words
    to: count
    grouping: {type: FIELDS, args: [word]}
)");
  CHECK(loaded.name == "t");
  const auto* count = loaded.topology.find("count");
  REQUIRE(count);
  CHECK(count->parallelism == 2);
  CHECK(count->num_tasks == 4);
  CHECK(count->outputs.at("default").fields == squall::Fields{"word", "count"});
  CHECK(count->inputs.at(0).grouping.type == squall::Grouping::Type::fields);
}

TEST_CASE("chain: false turns chaining off for one component; a non-boolean is reported") {
  auto loaded = squall::load_topology_yaml(kValidHead + R"(bolts:
  - id: log
    className: LogInfoBolt
    chain: false
streams:
  - from: words
    to: log
    grouping: {type: SHUFFLE}
)");
  const auto* log = loaded.topology.find("log");
  REQUIRE(log);
  CHECK_FALSE(log->config.get(squall::config_keys::kChaining));
  CHECK(loaded.topology.find("words")->config.get(squall::config_keys::kChaining));  // the default
  auto d = diagnostics_of(kValidHead + "    chain: maybe\n");
  CHECK(has_diagnostic(d, 6, 12, "chain must be true or false, found 'maybe'"));
}

TEST_CASE("bad YAML syntax is reported at its line and column") {
  auto d = diagnostics_of("name: t\nspouts:\n  - id: a\n    className: [unclosed\n");
  REQUIRE(d.size() == 1);
  CHECK(d[0].message.find("YAML syntax") != std::string::npos);
  CHECK(d[0].where.line >= 4);
  CHECK(d[0].where.file == "t.yaml");
}

TEST_CASE("an unknown className suggests the closest registered name") {
  auto d = diagnostics_of("name: t\nspouts:\n  - id: a\n    className: org.apache.storm.testing.TestWordSput\n");
  CHECK(has_diagnostic(d, 4, 16, "unknown className 'org.apache.storm.testing.TestWordSput'"));
  CHECK(test::hint_of(d, "unknown className") == "did you mean 'org.apache.storm.testing.TestWordSpout'?");
}

TEST_CASE("a bolt class listed under spouts is named as such") {
  auto d = diagnostics_of("name: t\nspouts:\n  - id: a\n    className: LogInfoBolt\n");
  CHECK(has_diagnostic(d, 4, 16, "is a bolt, listed under spouts"));
}

TEST_CASE("streams from or to unknown components, and to a spout") {
  auto d = diagnostics_of(kValidHead + R"(bolts:
  - id: log
    className: LogInfoBolt
streams:
  - from: wrods
    to: log
    grouping: {type: SHUFFLE}
  - from: log
    to: words
    grouping: {type: SHUFFLE}
  - from: words
    to: nobody
    grouping: {type: SHUFFLE}
)");
  CHECK(has_diagnostic(d, 10, 11, "stream from unknown component 'wrods'"));
  CHECK(test::hint_of(d, "'wrods'").find("did you mean 'words'") != std::string::npos);
  CHECK(has_diagnostic(d, 14, 9, "stream to 'words', which is a spout"));
  CHECK(has_diagnostic(d, 17, 9, "stream to unknown component 'nobody'"));
}

TEST_CASE("an unknown stream of a known component lists the declared streams") {
  auto d = diagnostics_of(kValidHead + R"(bolts:
  - id: log
    className: LogInfoBolt
streams:
  - from: words
    to: log
    grouping: {type: SHUFFLE, streamId: errors}
)");
  CHECK(has_diagnostic(d, 12, 41, "'words' declares no stream 'errors'"));
  CHECK(test::hint_of(d, "declares no stream") == "its streams: default");
}

TEST_CASE("a FIELDS or PARTIAL_KEY grouping on an undeclared field") {
  auto d = diagnostics_of(kValidHead + R"(bolts:
  - id: log
    className: LogInfoBolt
  - id: log2
    className: LogInfoBolt
streams:
  - from: words
    to: log
    grouping:
      type: FIELDS
      args: [word, colour]
  - from: words
    to: log2
    grouping: {type: PARTIAL_KEY, args: [size]}
)");
  CHECK(has_diagnostic(d, 16, 20, "FIELDS grouping on field 'colour'"));
  CHECK(test::hint_of(d, "'colour'") == "its fields: [word]");
  CHECK(has_diagnostic(d, 19, 42, "PARTIAL_KEY grouping on field 'size'"));
}

TEST_CASE("unknown, missing and mistyped component settings") {
  auto d = diagnostics_of(R"(name: t
spouts:
  - id: a
    className: TestWordSpout
    config:
      interval.ms: fast
      colour: red
  - id: b
    className: FixedTupleSpout
)");
  CHECK(has_diagnostic(d, 6, 20, "setting 'interval.ms' of org.apache.storm.testing.TestWordSpout: expected int, got string"));
  CHECK(has_diagnostic(d, 7, 7, "has no setting 'colour'"));
  CHECK(test::hint_of(d, "no setting 'colour'").find("valid settings: isDistributed (bool), interval.ms (int)") == 0);
  CHECK(has_diagnostic(d, 8, 5, "needs setting 'tuples' (list)"));
}

TEST_CASE("settings come from constructorArgs, properties, configMethods and config") {
  auto loaded = squall::load_topology_yaml(R"(name: t
components:
  - id: names
    className: org.apache.storm.tuple.Fields
    constructorArgs: [[name]]
spouts:
  - id: a
    className: FixedTupleSpout
    constructorArgs: [[x, y], {ref: names}]
  - id: b
    className: TestWordSpout
    properties:
      - name: interval.ms
        value: 5
    configMethods:
      - name: withIsDistributed
        args: [false]
    config:
      topology.max.spout.pending: 10
)");
  CHECK(loaded.topology.find("a")->outputs.at("default").fields == squall::Fields{"name"});
  CHECK(loaded.topology.find("b")->config.get_int("topology.max.spout.pending", 0) == 10);
  auto d = diagnostics_of(R"(name: t
spouts:
  - id: a
    className: FixedTupleSpout
    constructorArgs: [[x], [f], 3]
    configMethods:
      - name: withColour
)");
  CHECK(has_diagnostic(d, 5, 22, "takes 2 constructorArgs, 3 given"));
  CHECK(has_diagnostic(d, 7, 15, "has no config method 'withColour'"));
}

TEST_CASE("wrong value types in the topology config") {
  auto d = diagnostics_of(kValidHead + R"(config:
  topology.workers: two
  topology.max.spout.pending: -1
  topology.tick.tuple.freq.secs: [1]
  topology.transfer.batch.size: 9223372036854775807
  squall.messaging.tcp.port.base: 70000
  squall.progress.interval.secs: .nan
)");
  CHECK(has_diagnostic(d, 7, 21, "config 'topology.workers': expected int, got string"));
  CHECK(has_diagnostic(d, 8, 31, "config 'topology.max.spout.pending': must be from 0 to 100000000"));
  CHECK(has_diagnostic(d, 9, 34, "config 'topology.tick.tuple.freq.secs': expected number, got list"));
  // Values that once passed validation and failed in the run
  CHECK(has_diagnostic(d, 10, 33, "config 'topology.transfer.batch.size': must be from 1 to 1000000"));
  CHECK(has_diagnostic(d, 11, 35, "config 'squall.messaging.tcp.port.base': must be from 1 to 65535"));
  CHECK(has_diagnostic(d, 12, 34, "config 'squall.progress.interval.secs': must be from 0 to 86400"));
}

TEST_CASE("duplicate ids, a bolt with no input, parallelism < 1, reserved ids") {
  auto d = diagnostics_of(kValidHead + R"(  - id: words
    className: TestWordSpout
bolts:
  - id: lonely
    className: LogInfoBolt
    parallelism: 0
  - id: __mine
    className: LogInfoBolt
streams:
  - from: words
    to: __mine
    grouping: {type: SHUFFLE}
)");
  CHECK(has_diagnostic(d, 6, 9, "id 'words' is used twice"));
  CHECK(test::hint_of(d, "used twice") == "the first is at t.yaml:3:9");
  CHECK(has_diagnostic(d, 9, 5, "bolt 'lonely' has no input"));
  CHECK(has_diagnostic(d, 11, 18, "parallelism must be an integer of at least 1, found '0'"));
  CHECK(has_diagnostic(d, 12, 9, "starts with '__', which is reserved"));
}

TEST_CASE("unknown keys and grouping types get the valid ones as a hint") {
  auto d = diagnostics_of(kValidHead + R"(bolts:
  - id: log
    className: LogInfoBolt
    paralelism: 2
streams:
  - from: words
    to: log
    grouping: {type: SHUFLE}
toplogy: x
)");
  CHECK(has_diagnostic(d, 9, 5, "unknown key 'paralelism' in bolt 'log'"));
  CHECK(has_diagnostic(d, 13, 22, "unknown grouping type 'SHUFLE'"));
  CHECK(has_diagnostic(d, 14, 1, "unknown top-level key 'toplogy'"));
}

TEST_CASE("a DIRECT grouping needs a direct stream, and a direct stream a DIRECT grouping") {
  auto d = diagnostics_of(kValidHead + R"(bolts:
  - id: echo
    className: LogInfoBolt
    outputs:
      default: {fields: [word], direct: true}
  - id: log
    className: LogInfoBolt
  - id: log2
    className: LogInfoBolt
streams:
  - {from: words, to: echo, grouping: {type: DIRECT}}
  - {from: echo, to: log, grouping: {type: SHUFFLE}}
  - {from: echo, to: log2, grouping: {type: DIRECT}}
)");
  CHECK(has_diagnostic(d, 16, 46, "a DIRECT grouping needs a direct stream"));
  CHECK(has_diagnostic(d, 17, 44, "is direct and needs a DIRECT grouping"));
}

TEST_CASE("several errors are reported at once, in file order") {
  auto d = diagnostics_of(R"(spouts:
  - id: a
    className: Nope
bolts:
  - id: b
    className: AlsoNope
)");
  CHECK(d.size() >= 3);
  CHECK(has_diagnostic(d, 1, 1, "the topology has no name"));
  CHECK(has_diagnostic(d, 3, 16, "unknown className 'Nope'"));
  CHECK(has_diagnostic(d, 6, 16, "unknown className 'AlsoNope'"));
}

TEST_CASE("outputs declared in YAML replace the component's own") {
  auto loaded = squall::load_topology_yaml(kValidHead + R"(bolts:
  - id: log
    className: LogInfoBolt
    outputs:
      default: [a, b]
      alerts: [level]
  - id: sink
    className: LogInfoBolt
streams:
  - {from: words, to: log, grouping: {type: SHUFFLE}}
  - {from: log, to: sink, grouping: {type: FIELDS, args: [level]}, streamId: alerts}
)");
  CHECK(loaded.topology.find("log")->outputs.at("alerts").fields == squall::Fields{"level"});
  CHECK(loaded.describe().find("← log/alerts  FIELDS [level]") != std::string::npos);
}
