// ClassifierBolt rules; FileSink contents (CSV, JSON lines, append) and write errors failing
// tuples; ConsoleSink output; WebViewBolt's sampling of rows above its event rate.

#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "squall/connectors/files/file_sink.hpp"
#include "squall/flux/topology_loader.hpp"
#include "squall/ml/classifier_bolt.hpp"
#include "support/http_get.hpp"
#include "support/test_components.hpp"
#include "support/yaml_helpers.hpp"

namespace {

squall::ComponentSettings settings(nlohmann::json j) { return squall::ComponentSettings(std::move(j)); }

/// Runs FixedTupleSpout(rows) → FileSink(settings) and returns the metrics.
squall::MetricsSnapshot run_file_sink(const std::string& sink_settings_yaml, const std::string& rows) {
  auto loaded = squall::load_topology_yaml("name: sink-test\nconfig: {squall.progress.interval.secs: 0}\n"
                                           "spouts:\n  - id: rows\n    className: FixedTupleSpout\n"
                                           "    config: {fields: [name, n, x], tuples: " + rows + "}\n"
                                           "bolts:\n  - id: sink\n    className: FileSink\n    config: " + sink_settings_yaml + "\n"
                                           "streams:\n  - {from: rows, to: sink, grouping: {type: GLOBAL}}\n");
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(30)));
  return cluster.kill_topology(loaded.name);
}

}  // namespace

TEST_CASE("classifier: threshold on the positive class, the model's own threshold, argmax") {
  squall::bolts::ClassifierBolt binary(settings({{"probability.fields", {"cat", "dog"}}, {"threshold", 0.7}}));
  double p = 0;
  CHECK(binary.classify({0.35, 0.65}, &p) == "cat");
  CHECK(p == 0.35);
  CHECK(binary.classify({0.3, 0.7}, &p) == "dog");
  squall::bolts::ClassifierBolt cat_positive(settings({{"probability.fields", {"cat", "dog"}}, {"positive.class", "cat"}}));
  CHECK(cat_positive.classify({0.5, 0.5}, nullptr) == "cat");  // default threshold 0.5, at or above
  squall::bolts::ClassifierBolt from_model(settings({{"probability.fields", {"cat", "dog"}},
                                                     {"model", SQUALL_SOURCE_DIR "/examples/h2o_demo/model/cat_dog.xgb.json"}}));
  CHECK(from_model.classify({0.45, 0.55}, nullptr) == "cat");  // the model's threshold is 0.5577
  CHECK(from_model.classify({0.44, 0.56}, nullptr) == "dog");
  squall::bolts::ClassifierBolt argmax(settings({{"probability.fields", {"a", "b", "c"}}}));
  CHECK(argmax.classify({0.2, 0.5, 0.3}, &p) == "b");
  CHECK(p == 0.5);
  CHECK_THROWS_WITH(squall::bolts::ClassifierBolt(settings({{"probability.fields", {"a", "b", "c"}}, {"mode", "threshold"}})),
                    doctest::Contains("exactly two"));
  CHECK_THROWS_WITH(squall::bolts::ClassifierBolt(settings({{"probability.fields", {"a", "b"}}, {"positive.class", "z"}})),
                    doctest::Contains("positive.class 'z' is not among [a, b]"));
}

TEST_CASE("file sink: CSV with a header and quoting, JSON lines, append") {
  test::TempDir dir;
  auto csv = (dir.path() / "out.csv").string();
  auto m = run_file_sink("{path: " + csv + ", flush.every: 2}", R"([["plain", 1, 0.5], ["with, comma", 2, 1.25], ["say \"hi\"", 3, null]])");
  CHECK(m.component("rows")->acked == 3);
  CHECK(test::read_text(csv) == "name,n,x\nplain,1,0.5\n\"with, comma\",2,1.25\n\"say \"\"hi\"\"\",3,\n");
  run_file_sink("{path: " + csv + ", mode: append}", R"([["more", 4, 2.0]])");
  CHECK(test::read_text(csv).ends_with("3,\nmore,4,2\n"));
  auto json = (dir.path() / "out.jsonl").string();
  run_file_sink("{path: " + json + ", format: json, fields: [n, name]}", R"([["a", 1, 0.5], ["b", 2, 1.5]])");
  CHECK(test::read_text(json) == "{\"n\":1,\"name\":\"a\"}\n{\"n\":2,\"name\":\"b\"}\n");
}

TEST_CASE("file sink: a write error fails the tuples instead of acking them") {
  // /dev/full accepts the open and fails every write with ENOSPC.
  auto m = run_file_sink("{path: /dev/full, flush.every: 1}", R"([["a", 1, 0.5], ["b", 2, 1.5]])");
  CHECK(m.component("rows")->failed == 2);  // FixedTupleSpout, as in Storm, does not replay
  CHECK(m.component("rows")->acked == 0);
  CHECK(m.component("sink")->errors >= 1);
}

TEST_CASE("web view: above max.events.per.second rows are sampled; the totals still count every row") {
  // 500 rows: expected dog for every 5th, predicted dog for every 10th (cat/cat 400, dog/dog 50,
  // dog/cat 50), published at most once a second.
  std::string tuples;
  for (int i = 0; i < 500; ++i)
    tuples += fmt::format(R"({}["{}", "{}", 0.9])", i ? ", " : "", i % 5 ? "cat" : "dog", i % 10 ? "cat" : "dog");
  test::TempDir dir;
  auto url_file = (dir.path() / "url").string();
  auto loaded = squall::load_topology_yaml("name: web-view-test\nconfig: {squall.progress.interval.secs: 0}\n"
                                           "spouts:\n  - id: rows\n    className: FixedTupleSpout\n"
                                           "    config: {fields: [expected, predicted, probability], tuples: [" + tuples + "]}\n"
                                           "bolts:\n  - id: page\n    className: WebViewBolt\n"
                                           "    config: {port: 0, url.file: " + url_file + ", max.events.per.second: 1}\n"
                                           "streams:\n  - {from: rows, to: page, grouping: {type: GLOBAL}}\n");
  squall::LocalCluster cluster;
  cluster.submit_topology(loaded.name, loaded.config, loaded.topology);
  REQUIRE(cluster.wait_until_complete(loaded.name, std::chrono::seconds(60)));
  std::string url = test::read_text(url_file);
  url = url.substr(0, url.find_first_of("\r\n"));  // "http://127.0.0.1:PORT/"

  // The last rows were held back; a tick publishes them within a second.
  std::string latest;
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(std::chrono::milliseconds(20))) {
    latest = test::http_body(test::http_get(url, "/summary"));
    if (latest.find(R"("labelled":500,)") != std::string::npos) break;
  }
  CAPTURE(latest);
  CHECK(latest.find(R"("labelled":500,"correct":450,)") != std::string::npos);
  CHECK(latest.find(R"("matrix":{"cat":{"cat":400},"dog":{"cat":50,"dog":50}})") != std::string::npos);

  // A page opened now gets the history: a handful of events, not one per row.
  std::string stream = test::http_body(
      test::http_get(url, "/events", [](const std::string& r) { return test::http_body(r).find("\n\n") != std::string::npos; }));
  int last_id = 0;
  for (auto at = stream.find("id: "); at != std::string::npos; at = stream.find("id: ", at + 1))
    last_id = std::max(last_id, std::stoi(stream.substr(at + 4)));
  CHECK(last_id >= 2);   // the first row at once, the held last one later
  CHECK(last_id < 100);  // one a second (and one per tick at most), not 500

  // A Last-Event-ID the page never sent is a fresh page (it answered 500 before).
  auto bad_id = test::http_get(url, "/events", [](const std::string& r) { return test::http_body(r).find("\n\n") != std::string::npos; },
                               "Last-Event-ID: abc\r\n");
  CHECK(bad_id.rfind("HTTP/1.1 200", 0) == 0);
  // Twelve open pages (the server answered nothing past eight) and the page still loads.
  std::vector<int> pages;
  for (int i = 0; i < 12; ++i) pages.push_back(test::http_send_get(url, "/events"));
  CHECK(test::http_get(url, "/summary").find("\"labelled\":500") != std::string::npos);
  for (int fd : pages) ::close(fd);
  cluster.kill_topology(loaded.name);
}
