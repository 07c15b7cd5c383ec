// Plugin loading: a good plugin's components work from YAML; each bad plugin gets a clear error.

#include <set>

#include <doctest/doctest.h>

#include "squall/api/registry/plugin.hpp"
#include "squall/catalogue/builtin_components.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/yaml_helpers.hpp"

namespace {

std::string load_error(const std::string& path, squall::ComponentRegistry& registry) {
  try {
    squall::load_plugin(path, registry);
  } catch (const squall::PluginError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a plugin registers its components with their settings and origin") {
  squall::ComponentRegistry registry;
  squall::load_plugin(PLUGIN_UPPERCASE, registry);
  const auto* bolt = registry.find("com.example.UppercaseBolt");
  REQUIRE(bolt);
  CHECK(bolt->kind == squall::ComponentKind::bolt);
  CHECK(bolt->origin == std::string("plugin ") + PLUGIN_UPPERCASE);
  REQUIRE(bolt->settings.size() == 2);
  CHECK(bolt->settings[1].name == "min.length");
  CHECK(registry.find("com.example.FirstLetterGrouping")->kind == squall::ComponentKind::grouping);
  squall::load_plugin(PLUGIN_UPPERCASE, registry);  // a second load is a no-op, not a duplicate
}

TEST_CASE("bad plugins: missing file, not a plugin, old ABI, duplicate className") {
  squall::ComponentRegistry registry;
  CHECK(load_error("/nonexistent/libx.so", registry).find("plugin '/nonexistent/libx.so' does not exist") == 0);
  CHECK(load_error(PLUGIN_NOT_A_PLUGIN, registry).find("is not a squall plugin: it lacks the entry points") != std::string::npos);
  std::string abi = load_error(PLUGIN_OLD_ABI, registry);
  CHECK(abi.find("was built against squall 0.0.1 (plugin ABI 0)") != std::string::npos);
  CHECK(abi.find("rebuild the plugin") != std::string::npos);
  squall::register_builtin_components(registry);
  std::string dup = load_error(PLUGIN_DUPLICATE, registry);
  CHECK(dup.find("className 'org.apache.storm.flux.wrappers.bolts.LogInfoBolt'") != std::string::npos);
  CHECK(dup.find("is already registered by built-in") != std::string::npos);
}

TEST_CASE("a topology file names a plugin and uses its bolt and custom grouping") {
  test::TempDir dir;
  auto file = dir.write("t.yaml", std::string(R"(name: plugin-topology
plugins:
  - )") + PLUGIN_UPPERCASE + R"(
spouts:
  - id: words
    className: FixedTupleSpout
    constructorArgs: [[storm, of, squall, flux]]
bolts:
  - id: upper
    className: com.example.UppercaseBolt
    parallelism: 2
    config: {min.length: 3}
streams:
  - from: words
    to: upper
    grouping: {type: CUSTOM, customClass: {className: com.example.FirstLetterGrouping}}
)");
  auto loaded = squall::load_topology_file(file);
  REQUIRE(loaded.plugins.size() == 1);
  CHECK(loaded.topology.find("upper")->outputs.at("default").fields == squall::Fields{"word"});
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(30)));
  auto metrics = cluster.kill_topology(loaded.name);
  CHECK(metrics.component("words")->acked == 4);
  CHECK(metrics.component("upper")->emitted == 3);  // "of" is dropped

  auto bad = dir.write("bad.yaml", "name: b\nplugins:\n  - missing/libnothing.so\nspouts: []\n");
  try {
    squall::load_topology_file(bad);
    FAIL("expected an error");
  } catch (const squall::TopologyFileError& e) {
    CHECK(test::has_diagnostic(e.diagnostics(), 3, 5, "does not exist"));
  }
}
