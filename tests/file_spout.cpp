// FileSpout: a restart resumes after the last acked line (nothing lost, duplicates bounded by
// what was in flight), new files are picked up, malformed lines reach the errors stream.
#include <map>
#include <set>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/connectors/files/file_spout.hpp"
#include "support/capture_bolt.hpp"
#include "support/example_topologies.hpp"
#include "support/files.hpp"
#include "support/test_components.hpp"

using namespace squall;
using namespace test;

namespace {

TopologyBuilder file_topology(const std::filesystem::path& dir, std::shared_ptr<CaptureLog> capture) {
  nlohmann::json settings = {{"path", dir.string()},   {"glob", "*.log"},           {"finite", true},
                             {"max.line.bytes", 100}, {"poll.interval.ms", 20},    {"progress.interval.ms", 20}};
  TopologyBuilder b;
  b.set_spout("files", [settings] { return std::make_unique<spouts::FileSpout>(ComponentSettings(settings)); });
  b.set_bolt("capture", [capture] { return std::make_unique<CaptureBolt>(capture); })
      .shuffle_grouping("files")
      .shuffle_grouping("files", "errors");
  return b;
}

std::string numbered_lines(const std::string& prefix, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) text += prefix + std::to_string(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("FileSpout killed mid-file resumes after the last acked line; a new file is picked up; bad lines go to errors") {
  TempDir dir;
  std::string a = numbered_lines("a", 4000);
  a += "bad \xff\xfe utf-8\n" + std::string(150, 'x') + "\n" + numbered_lines("tail", 10);
  dir.write("a.log", a);
  dir.write("ignored.txt", "not matched by the glob\n");
  auto capture = std::make_shared<CaptureLog>();
  Config config;
  config.set(config_keys::kMaxSpoutPending, 200);
  config.set(config_keys::kProgressIntervalSecs, 0);
  {
    LocalCluster cluster;
    cluster.submit_topology("files", config, file_topology(dir.path(), capture).create_topology());
    REQUIRE(eventually([&] { return capture->on("default").size() >= 1000; }));
    cluster.kill_topology("files");  // no drain: up to 200 lines are in flight
  }
  auto first_run = capture->on("default").size();
  CHECK(first_run < 4012);
  // A file dropped in between runs, written elsewhere and moved in whole.
  TempDir staging;
  std::filesystem::rename(staging.write("b.log", numbered_lines("b", 500)), dir.path() / "b.log");
  {
    LocalCluster cluster;
    cluster.submit_topology("files", config, file_topology(dir.path(), capture).create_topology());
    REQUIRE(cluster.wait_until_complete("files", std::chrono::seconds(60)));
    cluster.kill_topology("files");
  }
  std::map<std::string, int> seen;
  for (const auto& t : capture->on("default")) ++seen[t.get("line").as_string()];
  std::size_t duplicates = 0;
  for (const auto& [line, n] : seen) duplicates += static_cast<std::size_t>(n - 1);
  CHECK(seen.size() == 4000 + 10 + 500);  // every valid line of both files
  for (int i = 0; i < 4000; ++i) CHECK(seen.count("a" + std::to_string(i)));
  for (int i = 0; i < 500; ++i) CHECK(seen.count("b" + std::to_string(i)));
  CHECK(duplicates <= 200);  // only lines in flight at the kill came again
  MESSAGE("first run " << first_run << " lines, duplicates after restart: " << duplicates);

  auto errors = capture->on("errors");
  REQUIRE(errors.size() == 2);
  std::map<std::string, std::string> reasons;
  for (const auto& e : errors) reasons[e.get("location").as_string()] = e.get("reason").as_string();
  CHECK(reasons["a.log:4001"] == "line is not valid UTF-8");
  CHECK(reasons["a.log:4002"] == "line of 150 bytes is longer than max.line.bytes 100");
  CHECK(std::filesystem::exists(dir.path() / "a.log.done"));
  CHECK(std::filesystem::exists(dir.path() / "b.log.done"));
  CHECK(std::filesystem::exists(dir.path() / "ignored.txt"));
  // Renamed files need no record, so the list of done files does not grow with every file read...
  auto progress = nlohmann::json::parse(read_text(dir.path() / ".squall-progress.json"));
  CHECK(progress["done"].empty());
  CHECK(progress["files"].empty());
  // ... and a new file under a finished one's name is read like any other.
  std::filesystem::rename(staging.write("a.log", numbered_lines("again", 50)), dir.path() / "a.log");
  {
    LocalCluster cluster;
    cluster.submit_topology("files", config, file_topology(dir.path(), capture).create_topology());
    REQUIRE(cluster.wait_until_complete("files", std::chrono::seconds(60)));
    cluster.kill_topology("files");
  }
  std::set<std::string> again;
  for (const auto& t : capture->on("default"))
    if (t.get("line").as_string().starts_with("again")) again.insert(t.get("line").as_string());
  CHECK(again.size() == 50);
  CHECK(std::filesystem::exists(dir.path() / "a.log.done"));    // the first a.log, kept
  CHECK(read_text(dir.path() / "a.log.1.done") == numbered_lines("again", 50));  // the second
}

TEST_CASE("FileSpout tails a growing file and reads a line once its newline arrives") {
  TempDir dir;
  auto file = dir.write("app.log", "one\ntwo\nthr");
  auto capture = std::make_shared<CaptureLog>();
  nlohmann::json settings = {{"path", file.string()}, {"poll.interval.ms", 10}};
  TopologyBuilder b;
  b.set_spout("tail", [settings] { return std::make_unique<spouts::FileSpout>(ComponentSettings(settings)); });
  b.set_bolt("capture", [capture] { return std::make_unique<CaptureBolt>(capture); }).shuffle_grouping("tail");
  Config config;
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("tail", config, b.create_topology());
  REQUIRE(eventually([&] { return capture->on("default").size() == 2; }));
  std::ofstream(file, std::ios::app) << "ee\nfour\n";
  REQUIRE(eventually([&] { return capture->on("default").size() == 4; }));
  cluster.kill_topology("tail", std::chrono::seconds(30));  // drain: the acks reach the spout first
  auto lines = capture->on("default");
  CHECK(lines[2].get("line").as_string() == "three");
  CHECK(lines[3].get("location").as_string() == "app.log:4");
  CHECK(nlohmann::json::parse(read_text(file.string() + ".progress.json"))["files"]["app.log"] == 19);  // "one\ntwo\nthree\nfour\n"
}

TEST_CASE("files -> word count example: running totals per word over every file of the directory") {
  TempDir dir;
  for (auto name : {"storm.txt", "squall.txt"})
    std::filesystem::copy(std::string(SQUALL_SOURCE_DIR) + "/examples/file_word_count/" + name, dir.path() / name);
  auto out = dir.path() / "counts.jsonl";
  REQUIRE(run_loaded(load_example("file_word_count.yaml", {{"input.dir", dir.path().string()}, {"output", out.string()}, {"finite", "true"}}),
                     std::chrono::seconds(60)));
  std::map<std::string, std::int64_t> totals;
  for (const auto& r : json_lines(out)) totals[r["word"].get<std::string>()] = r["count"].get<std::int64_t>();
  CHECK(totals["the"] == 6);
  CHECK(totals["storm"] == 2);
  CHECK(totals["a"] == 5);
  CHECK(totals["squall"] == 2);
  std::int64_t words = 0;
  for (auto& [w, n] : totals) words += n;
  CHECK(words == 42);  // wc -w of both files
  CHECK(std::filesystem::exists(dir.path() / "storm.txt.done"));
}
