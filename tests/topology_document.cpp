// A topology as data: the resolved topology written as a JSON document and made again from it,
// in this process (round trip, values, refusals with the JSON path) and in worker processes that
// the supervisor starts by exec of the squall binary.

#include <filesystem>
#include <thread>

#include <doctest/doctest.h>
#include <signal.h>
#include <sys/stat.h>

#include "squall/api/registry/topology_json.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/runtime/local_cluster.hpp"
#include "support/files.hpp"
#include "support/test_components.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using namespace std::chrono_literals;

// FixedTupleSpout → the plugin's UppercaseBolt (its custom grouping) → FileSink: built-ins, a
// plugin, a custom grouping with settings, component config and settings of several types.
std::string topology_yaml(const fs::path& dir, int workers) {
  return fmt::format(R"(name: doc-topology
plugins: [{plugin}]
config:
  topology.workers: {workers}
  topology.message.timeout.secs: 30
  squall.messaging.ipc.dir: {dir}
spouts:
  - id: words
    className: FixedTupleSpout
    constructorArgs: [[storm, of, squall, flux]]
bolts:
  - id: upper
    className: com.example.UppercaseBolt
    parallelism: 2
    config: {{min.length: 3}}
  - id: sink
    className: FileSink
    properties:
      - {{name: path, value: {dir}/out.csv}}
      - {{name: header, value: false}}
streams:
  - from: words
    to: upper
    grouping: {{type: CUSTOM, customClass: {{className: com.example.FirstLetterGrouping}}}}
  - from: upper
    to: sink
    grouping: {{type: FIELDS, args: [word]}}
)",
                     fmt::arg("plugin", PLUGIN_UPPERCASE), fmt::arg("workers", workers), fmt::arg("dir", dir.string()));
}

squall::SubmittedTopology load(const test::TempDir& dir, int workers) {
  auto loaded = squall::load_topology_file(dir.write("t.yaml", topology_yaml(dir.path(), workers)));
  return {loaded.name, loaded.config, loaded.topology};
}

std::string document_error(const json& document) {
  try {
    squall::topology_from_json(document);
  } catch (const squall::TopologyDocumentError& e) {
    return e.what();
  }
  return "no error";
}

std::string cmdline_of(int pid) {
  auto text = test::read_text(fmt::format("/proc/{}/cmdline", pid));
  std::replace(text.begin(), text.end(), '\0', ' ');
  return text;
}

}  // namespace

TEST_CASE("a topology document round-trips: read back, it writes the same document and runs the same") {
  test::TempDir dir;
  auto original = load(dir, 1);
  json document = squall::topology_to_json(original);
  CHECK(document["format"] == "squall.topology/1");
  CHECK(document["plugins"] == json::array({fs::canonical(PLUGIN_UPPERCASE).string()}));
  CHECK(document["components"][1]["settings"]["min.length"] == 3);
  CHECK(document["components"][1]["inputs"][0]["grouping"]["customClass"] == "com.example.FirstLetterGrouping");

  auto again = squall::topology_from_json(json::parse(document.dump()));
  CHECK(squall::topology_to_json(again) == document);
  CHECK(again.name == "doc-topology");
  for (const auto& c : original.topology.components()) {
    const auto* r = again.topology.find(c.id);
    REQUIRE(r);
    CHECK(r->class_name == c.class_name);
    CHECK(r->parallelism == c.parallelism);
    CHECK(r->num_tasks == c.num_tasks);
    CHECK(r->outputs.size() == c.outputs.size());
    auto a = squall::effective_config(again.config, *r), b = squall::effective_config(original.config, c);
    for (const auto& [k, v] : b.entries()) CHECK_MESSAGE((a.find(k) && *a.find(k) == v), k);
    CHECK(a.entries().size() == b.entries().size());
  }

  for (const auto* topology : {&original, &again}) {
    squall::LocalCluster cluster;
    cluster.submit_topology(topology->name, topology->config, topology->topology);
    REQUIRE(cluster.wait_until_complete(topology->name, 30s));
    auto metrics = cluster.kill_topology(topology->name);
    CHECK(metrics.component("words")->acked == 4);
    CHECK(metrics.component("upper")->emitted == 3);  // "of" is shorter than min.length
    CHECK(metrics.component("sink")->executed == 3);
  }
}

TEST_CASE("config values keep their type through the document: bytes, NaN and infinities included") {
  std::vector<squall::Value> values{squall::Value(), squall::Value(true), squall::Value(std::int64_t{-7}),
                                    squall::Value(0.25), squall::Value(std::string("text")),
                                    squall::Value(squall::Bytes{{0, 1, 254, 255}}), squall::Value(HUGE_VAL),
                                    squall::Value(-HUGE_VAL)};
  for (const auto& v : values) {
    auto back = squall::value_from_document(json::parse(squall::value_to_document(v).dump()));
    CHECK(back.type() == v.type());
    CHECK(back == v);
  }
  CHECK(std::isnan(squall::value_from_document(squall::value_to_document(squall::Value(std::nan("")))).as_double()));
  CHECK_THROWS_AS(squall::value_from_document(json::array({1, 2})), squall::TopologyDocumentError);
  CHECK_THROWS_AS(squall::value_from_document(json{{"$bytes", "0g"}}), squall::TopologyDocumentError);
  CHECK_THROWS_AS(squall::value_from_document(json{{"$bytes", "abc"}}), squall::TopologyDocumentError);
}

TEST_CASE("a topology made by C++ factories is not written as a document; the refusal names the component") {
  squall::TopologyBuilder builder;
  auto log = std::make_shared<test::SpoutLog>();
  builder.set_spout("numbers", [log] { return std::make_unique<test::CountingSpout>(log, 3); });
  auto topology = builder.create_topology();
  CHECK(squall::why_not_serializable(topology) == "component 'numbers' is made by a C++ factory, not a registered className");
  CHECK_THROWS_WITH_AS(squall::topology_to_json({"t", {}, topology}),
                       doctest::Contains("component 'numbers' is made by a C++ factory"), squall::TopologyDocumentError);
}

TEST_CASE("malformed topology documents are refused with the JSON path of the problem") {
  test::TempDir dir;
  const json good = squall::topology_to_json(load(dir, 1));
  auto broken = [&](auto edit) {
    json d = good;
    edit(d);
    return document_error(d);
  };
  CHECK(document_error(json::array()) == "topology document, $: expected an object");
  CHECK(broken([](json& d) { d["format"] = "squall.topology/9"; }).find("$.format") != std::string::npos);
  CHECK(broken([](json& d) { d.erase("components"); }).find("'components' is missing") != std::string::npos);
  CHECK(broken([](json& d) { d["components"][0]["className"] = "NoSuchSpout"; }) ==
        "topology document, $.components[0].className: unknown className 'NoSuchSpout' (is its plugin listed under "
        "\"plugins\"?)");
  CHECK(broken([](json& d) { d["components"][0]["className"] = "FileSink"; }).find("is a bolt, not a spout") !=
        std::string::npos);
  CHECK(broken([](json& d) { d["components"][2]["settings"]["bogus"] = 1; }).find("'squall.bolts.FileSink' has no setting 'bogus'") !=
        std::string::npos);
  CHECK(broken([](json& d) { d["components"][2]["settings"]["header"] = "maybe"; }).find("$.components[2].settings.header") !=
        std::string::npos);
  CHECK(broken([](json& d) { d["components"][1]["tasks"] = 0; }).find("$.components[1].tasks: 0 is not in 1..1000000") !=
        std::string::npos);
  CHECK(broken([](json& d) { d["components"][1]["parallelism"] = "2"; }).find("expected number, got string") !=
        std::string::npos);
  CHECK(broken([](json& d) { d["components"][2]["inputs"][0]["grouping"]["type"] = "SIDEWAYS"; })
            .find("unknown grouping type 'SIDEWAYS'") != std::string::npos);
  CHECK(broken([](json& d) { d["components"][2]["inputs"][0]["source"] = "ghost"; }).find("ghost") != std::string::npos);
  CHECK(broken([](json& d) { d["config"]["topology.workers"] = json::array({1}); }).find("not a config value") !=
        std::string::npos);
}

TEST_CASE("workers exec'd from the topology document run their executors and are restarted as exec'd processes") {
  test::TempDir dir;
  auto submitted = load(dir, 2);
  squall::LocalCluster cluster;
  cluster.use_worker_executable(SQUALL_BINARY);
  cluster.submit_topology(submitted.name, submitted.config, submitted.topology);
  REQUIRE(cluster.wait_until_complete(submitted.name, 60s));

  auto document = dir.path() / "doc-topology.topology.json";
  struct stat info {};
  REQUIRE(::stat(document.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);  // it holds the run's CURVE secret key
  auto pids = cluster.worker_pids(submitted.name);
  REQUIRE(pids.size() == 2);
  for (int pid : pids) CHECK(cmdline_of(pid).find(" worker --document " + document.string()) != std::string::npos);

  ::kill(pids[1], SIGKILL);
  auto deadline = std::chrono::steady_clock::now() + 30s;
  int replacement = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    replacement = cluster.worker_pids(submitted.name)[1];
    if (replacement != 0 && replacement != pids[1] && cmdline_of(replacement).find(" worker ") != std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  CHECK(replacement != pids[1]);
  CHECK(cmdline_of(replacement).find(" worker --document ") != std::string::npos);

  auto metrics = cluster.kill_topology(submitted.name);
  CHECK(metrics.worker_restarts == 1);
  CHECK(metrics.component("words")->acked == 4);
  CHECK(metrics.component("sink")->executed == 3);
  CHECK(test::read_text(dir.path() / "out.csv").size() > 0);
  CHECK_FALSE(fs::exists(document));
}

TEST_CASE("with a worker executable, a topology of C++ factories still runs in forked workers") {
  squall::TopologyBuilder builder;
  auto log = std::make_shared<test::SpoutLog>();
  builder.set_spout("numbers", [log] { return std::make_unique<test::CountingSpout>(log, 50); });
  builder.set_bolt("pass", [] { return std::make_unique<test::PassBolt>(); }).shuffle_grouping("numbers");
  squall::Config config;
  config.set(squall::config_keys::kWorkers.name, std::int64_t{2});
  squall::LocalCluster cluster;
  cluster.use_worker_executable(SQUALL_BINARY);
  cluster.submit_topology("forked", config, builder.create_topology());
  REQUIRE(cluster.wait_until_complete("forked", 60s));
  for (int pid : cluster.worker_pids("forked")) CHECK(cmdline_of(pid).find("--document") == std::string::npos);
  CHECK(cluster.kill_topology("forked").component("numbers")->acked == 50);
}
