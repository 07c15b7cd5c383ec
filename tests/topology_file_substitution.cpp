// ${...} substitution and includes.

#include <cstdlib>

#include <doctest/doctest.h>

#include "support/yaml_helpers.hpp"

using test::diagnostics_of;
using test::has_diagnostic;

namespace {

squall::LoadOptions with_properties(std::map<std::string, std::string, std::less<>> properties) {
  squall::LoadOptions options;
  options.substitution.properties = std::move(properties);
  return options;
}

}  // namespace

TEST_CASE("several ${key} on one line, list items and the environment") {
  ::setenv("SQUALL_TEST_SPOUT", "TestWordSpout", 1);
  auto options = with_properties({{"prefix", "wc"}, {"n", "3"}, {"words", "alpha, beta ,gamma"}});
  options.substitution.environment = true;
  auto loaded = squall::load_topology_yaml(R"(name: ${prefix}-${n}-topology   # ${not-substituted-in-comments}
spouts:
  - id: a
    className: ${ENV-SQUALL_TEST_SPOUT}
    parallelism: ${n}
  - id: b
    className: FixedTupleSpout
    constructorArgs: [["${words[0]}", "${words[1]}", "${words[2]}"]]
)",
                                           "t.yaml", options);
  CHECK(loaded.name == "wc-3-topology");
  CHECK(loaded.topology.find("a")->parallelism == 3);
  CHECK(loaded.topology.find("a")->class_name == "org.apache.storm.testing.TestWordSpout");
}

TEST_CASE("an unresolved ${key} is an error at its position, not a warning") {
  auto d = diagnostics_of("name: t\nspouts:\n  - id: a\n    className: TestWordSpout\n    parallelism: x${missing}\n",
                          with_properties({{"other", "1"}}));
  CHECK(has_diagnostic(d, 5, 19, "'${missing}' is not defined"));
  CHECK(test::hint_of(d, "${missing}") == "define 'missing' in the --filter properties file");
}

TEST_CASE("${ENV-...} needs --env-filter; list indexes must be in range") {
  auto d = diagnostics_of("name: ${ENV-HOME}\nspouts: []\n# ok\nbolts: [${l[5]}]\n", with_properties({{"l", "a,b"}}));
  CHECK(has_diagnostic(d, 1, 7, "reads the environment, which is off"));
  CHECK(test::hint_of(d, "environment") == "run with --env-filter");
  CHECK(has_diagnostic(d, 4, 9, "'${l[5]}': 'l' has 2 item(s)"));
}

TEST_CASE("properties files: = : and space separators, comments") {
  test::TempDir dir;
  auto path = dir.write("p.properties", "# comment\n! also\na=1\nb: two words\nc three\n  d = x=y \n");
  auto p = squall::read_properties_file(path.string());
  CHECK(p.at("a") == "1");
  CHECK(p.at("b") == "two words");
  CHECK(p.at("c") == "three");
  CHECK(p.at("d") == "x=y");
  CHECK(p.size() == 4);
}

TEST_CASE("includes are recursive and override replaces spouts, bolts, streams and config") {
  test::TempDir dir;
  dir.write("base.yaml", R"(name: base
config:
  topology.message.timeout.secs: 10
spouts:
  - id: words
    className: TestWordSpout
bolts:
  - id: log
    className: LogInfoBolt
streams:
  - from: words
    to: log
    grouping: {type: SHUFFLE}
)");
  dir.write("middle.yaml", R"(includes:
  - file: base.yaml
streams:
  - from: words
    to: log
    grouping: {type: FIELDS, args: [word]}
)");
  auto top = dir.write("top.yaml", R"(name: top
config:
  topology.message.timeout.secs: 20
bolts:
  - id: log
    className: LogInfoBolt
    parallelism: 3
includes:
  - file: middle.yaml
    override: true
)");
  auto loaded = squall::load_topology_file(top);
  CHECK(loaded.name == "top");
  CHECK(loaded.config.get_int("topology.message.timeout.secs", 0) == 10);   // overridden by the include
  CHECK(loaded.topology.find("log")->parallelism == 1);                    // base's log replaced top's
  REQUIRE(loaded.topology.find("log")->inputs.size() == 1);                // one stream, not two
  CHECK(loaded.topology.find("log")->inputs[0].grouping.type == squall::Grouping::Type::fields);  // middle's stream won

  auto keep = dir.write("keep.yaml", R"(name: keep
bolts:
  - id: log
    className: LogInfoBolt
    parallelism: 3
includes:
  - file: base.yaml
)");
  auto kept = squall::load_topology_file(keep);
  CHECK(kept.topology.find("log")->parallelism == 3);  // without override the including file wins
}

TEST_CASE("include cycles and missing includes are errors at the include") {
  test::TempDir dir;
  dir.write("a.yaml", "name: a\nincludes:\n  - file: b.yaml\nspouts:\n  - {id: s, className: TestWordSpout}\n");
  dir.write("b.yaml", "includes:\n  - file: a.yaml\n  - file: nowhere.yaml\n");
  try {
    squall::load_topology_file(dir.path() / "a.yaml");
    FAIL("expected an error");
  } catch (const squall::TopologyFileError& e) {
    auto d = e.diagnostics();
    CHECK(has_diagnostic(d, 2, 11, "include cycle: a.yaml -> b.yaml -> a.yaml"));
    CHECK(has_diagnostic(d, 3, 11, "included file"));
    CHECK(d[0].where.file.ends_with("b.yaml"));
  }
}
