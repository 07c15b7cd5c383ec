// Cluster mode's pure parts: Nimbus's even scheduler (spreading, keeping, ports, refusals), the
// cluster settings file, the blob store and blob references, input-file settings, signed requests.
#include <doctest/doctest.h>

#include <map>

#include "squall/api/registry/settings_schema.hpp"
#include "squall/api/task_state_file.hpp"
#include "squall/cluster/blobs/blob_reference.hpp"
#include "squall/cluster/blobs/blob_store.hpp"
#include "squall/cluster/cluster_settings.hpp"
#include "squall/cluster/nimbus/even_scheduler.hpp"
#include "squall/cluster/nimbus/request_signature.hpp"
#include "support/files.hpp"

using namespace squall::cluster;

namespace {

SupervisorInfo supervisor(const std::string& id, std::vector<int> slots) {
  return SupervisorInfo{id, "127.0.0." + id, std::move(slots), "v", 0};
}

std::map<std::string, int> per_supervisor(const Assignment& a) {
  std::map<std::string, int> n;
  for (const auto& s : a.slots) ++n[s.supervisor_id];
  return n;
}

}  // namespace

TEST_CASE("workers spread over the supervisors, and each executor gets a distinct port of its worker's host") {
  std::vector<SupervisorInfo> live{supervisor("2", {6700, 6701, 6702, 6703}), supervisor("3", {6700, 6701, 6702, 6703}),
                                   supervisor("4", {6700, 6701, 6702, 6703})};
  std::string why;
  auto a = schedule_evenly({"t", "blob", 3, 7, nullptr}, live, {}, why);
  REQUIRE(a);
  CHECK(per_supervisor(*a) == std::map<std::string, int>{{"2", 1}, {"3", 1}, {"4", 1}});
  REQUIRE(a->executor_endpoints.size() == 7);
  // Executor e runs in worker e % 3 at its slot port + 4 * (e / 3): slot 6700 on every host.
  CHECK(a->executor_endpoints[0] == "tcp://127.0.0.2:6700");
  CHECK(a->executor_endpoints[1] == "tcp://127.0.0.3:6700");
  CHECK(a->executor_endpoints[3] == "tcp://127.0.0.2:6704");
  CHECK(a->executor_endpoints[6] == "tcp://127.0.0.2:6708");
  // A second topology takes the next free slots, still spread; its ports never meet the first's.
  auto b = schedule_evenly({"u", "blob", 3, 3, nullptr}, live, a->slots, why);
  REQUIRE(b);
  CHECK(per_supervisor(*b) == std::map<std::string, int>{{"2", 1}, {"3", 1}, {"4", 1}});
  for (const auto& s : b->slots) CHECK(s.port == 6701);
  CHECK(b->executor_endpoints[0] == "tcp://127.0.0.2:6701");
}

TEST_CASE("live workers keep their slots; a dead supervisor's worker moves to the least loaded host") {
  std::vector<SupervisorInfo> live{supervisor("2", {6700, 6701}), supervisor("3", {6700, 6701}),
                                   supervisor("4", {6700, 6701})};
  std::string why;
  auto first = schedule_evenly({"t", "blob", 3, 3, nullptr}, live, {}, why);
  REQUIRE(first);
  std::vector<SupervisorInfo> after{live[0], live[1]};  // "4" is gone
  auto second = schedule_evenly({"t", "blob", 3, 3, &*first}, after, {}, why);
  REQUIRE(second);
  for (int w = 0; w < 3; ++w) {
    if (first->slots[static_cast<std::size_t>(w)].supervisor_id == "4") {
      CHECK(second->slots[static_cast<std::size_t>(w)].supervisor_id != "4");
    } else {
      CHECK(second->slots[static_cast<std::size_t>(w)] == first->slots[static_cast<std::size_t>(w)]);
    }
  }
}

TEST_CASE("not enough free slots, or ports past 65535, are refused with the reason") {
  std::string why;
  CHECK_FALSE(schedule_evenly({"t", "blob", 3, 3, nullptr}, {supervisor("2", {6700, 6701})}, {}, why));
  CHECK(why.find("needs 3 worker slots") != std::string::npos);
  CHECK_FALSE(schedule_evenly({"t", "blob", 1, 3, nullptr}, {supervisor("2", {65534, 65535})}, {}, why));
  CHECK(why.find("past 65535") != std::string::npos);
}

TEST_CASE("squall.yaml: Storm's keys, lists or comma strings; a bad key or value names file:line:column") {
  test::TempDir dir;
  auto good = dir.write("good.yaml", "storm.zookeeper.servers: [a, b]\nstorm.zookeeper.port: 2182\n"
                                     "supervisor.slots.ports: [7000, 7001]\nnimbus.task.timeout.secs: 2.5\n");
  auto s = ClusterSettings::from_file(good);
  CHECK(s.zookeeper_servers == "a:2182,b:2182");
  CHECK(s.supervisor_slots == std::vector<int>{7000, 7001});
  CHECK(s.nimbus_task_timeout_secs == 2.5);
  s.set("storm.zookeeper.servers", "x:1,y");
  CHECK(s.zookeeper_servers == "x:1,y:2182");
  auto unknown = dir.write("unknown.yaml", "storm.zookeeper.root: /r\nnimbus.seed: [a]\n");
  CHECK_THROWS_WITH(ClusterSettings::from_file(unknown), doctest::Contains("unknown.yaml:2:1: unknown key 'nimbus.seed'"));
  auto range = dir.write("range.yaml", "supervisor.slots.ports: [70000]\n");
  CHECK_THROWS_WITH(ClusterSettings::from_file(range), doctest::Contains("range.yaml:1:1: supervisor.slots.ports: 70000 is outside"));
  auto syntax = dir.write("syntax.yaml", "a: [1,\n");
  CHECK_THROWS_WITH(ClusterSettings::from_file(syntax), doctest::Contains("syntax.yaml:"));
}

TEST_CASE("blobs are keyed by their SHA-256, and a damaged one is never served") {
  test::TempDir dir;
  BlobStore store(dir.path() / "blobs");
  auto key = store.put("abc");
  CHECK(key == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2's example
  CHECK(store.get(key) == std::optional<std::string>("abc"));
  CHECK_FALSE(store.get("../../etc/passwd"));
  std::ofstream(store.path_of(key)) << "abd";
  CHECK_FALSE(store.get(key));
}

TEST_CASE("a blob reference names a key and a plain file name, nothing else") {
  std::string key(64, 'a');
  auto ref = blob_reference(key, "cat_dog.xgb.json");
  CHECK(ref == "blob:" + key + "/cat_dog.xgb.json");
  auto parsed = parse_blob_reference(ref);
  REQUIRE(parsed);
  CHECK(parsed->key == key);
  CHECK(parsed->file_name == "cat_dog.xgb.json");
  for (const std::string& bad : std::vector<std::string>{"blob:" + key, "blob:" + key + "/", "blob:" + key + "/..", "blob:" + key + "/a/b",
                          "blob:" + std::string(63, 'a') + "/x", "blob:" + std::string(64, 'G') + "/x",
                          "data/" + key + "/x", "blob:/x"})
    CHECK_MESSAGE(!parse_blob_reference(bad), bad);
}

TEST_CASE("settings declared with input_file are marked, so that squall submit ships their files") {
  struct Settings {
    std::string model, output = "out.csv";
    void describe(squall::SettingsSchema& s) {
      s.input_file(model, "model", "the model", true);
      s.add(output, "output", "written, not shipped");
    }
  };
  auto specs = squall::settings_schema_of<Settings>();
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].input_file);
  CHECK(specs[0].default_value.is_null());  // required
  CHECK_FALSE(specs[1].input_file);
  auto read = squall::read_settings<Settings>(squall::ComponentSettings(nlohmann::json{{"model", "m.zip"}}));
  CHECK(read.model == "m.zip");
  CHECK_THROWS_AS(squall::read_settings<Settings>(squall::ComponentSettings()), squall::SettingError);
}

TEST_CASE("a signed request verifies only with the same secret, target, body and a time within 300 s") {
  auto sig = request_signature("squall:s3cret", "POST", "/api/v1/topology/t/kill/0", 1000, "{}");
  CHECK(sig.size() == 64);
  CHECK(signature_problem("squall:s3cret", "POST", "/api/v1/topology/t/kill/0", "1000", "{}", sig, 1100).empty());
  CHECK_FALSE(signature_problem("squall:other", "POST", "/api/v1/topology/t/kill/0", "1000", "{}", sig, 1100).empty());
  CHECK_FALSE(signature_problem("squall:s3cret", "POST", "/api/v1/topology/u/kill/0", "1000", "{}", sig, 1100).empty());
  CHECK_FALSE(signature_problem("squall:s3cret", "POST", "/api/v1/topology/t/kill/0", "1000", "{ }", sig, 1100).empty());
  CHECK_FALSE(signature_problem("squall:s3cret", "GET", "/api/v1/topology/t/kill/0", "1000", "{}", sig, 1100).empty());
  CHECK(signature_problem("squall:s3cret", "POST", "/api/v1/topology/t/kill/0", "1000", "{}", sig, 1301).find("300 s") !=
        std::string::npos);
  CHECK_FALSE(signature_problem("squall:s3cret", "POST", "/api/v1/topology/t/kill/0", "", "{}", "", 1000).empty());
  CHECK_FALSE(signature_problem("squall:s3cret", "POST", "/api/v1/topology/t/kill/0", "10x0", "{}", sig, 1000).empty());
}

TEST_CASE("a task's state file names its task, so that its state moves with it to another host") {
  CHECK(squall::task_state_file_name("rows", 3, "csv-progress") == "rows-task-3.csv-progress");
  CHECK(squall::task_of_state_file("rows-task-3.csv-progress") == 3);
  CHECK(squall::task_of_state_file("my-task-bolt-task-12.file-sink-opened") == 12);  // the last marker counts
  CHECK_FALSE(squall::task_of_state_file("rows.csv-progress"));
  CHECK_FALSE(squall::task_of_state_file("rows-task-.csv-progress"));
  CHECK_FALSE(squall::task_of_state_file("rows-task-3"));
  CHECK_FALSE(squall::task_of_state_file("rows-task-3x.csv-progress"));
  CHECK_FALSE(squall::task_of_state_file("rows-task-99999999999.csv-progress"));
}
