// Watching a running topology: /metrics in Prometheus's text format (checked by Prometheus's own
// promtool) and Storm UI's REST API, served by web::MonitorServer beside a LocalCluster.

#include <cstdio>
#include <filesystem>
#include <optional>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/runtime/local_cluster.hpp"
#include "squall/web/monitor_server.hpp"
#include "squall/web/metrics_history.hpp"
#include "squall/web/prometheus_text.hpp"
#include "squall/web/web_sink_bolt.hpp"
#include "support/files.hpp"
#include "support/http_get.hpp"
#include "support/test_components.hpp"

using namespace squall;

namespace {

/// The output and exit status of `promtool check metrics` reading `text`.
std::pair<std::string, int> promtool_check(const std::string& text) {
  test::TempDir dir;
  auto file = dir.write("metrics.txt", text);
  std::string command = "promtool check metrics < '" + file.string() + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  int status = ::pclose(pipe);
  return {out, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

/// The value of the sample `series` (name{labels}) in `text`, or -1.
double sample(const std::string& text, const std::string& series) {
  auto at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

TopologyBuilder counting_pipeline(std::shared_ptr<test::SpoutLog> spout, std::shared_ptr<test::SinkLog> sink, int count) {
  TopologyBuilder b;
  b.set_spout("spout", [=] { return std::make_unique<test::CountingSpout>(spout, count); });
  b.set_bolt("pass", [] { return std::make_unique<test::PassBolt>(); }, 2).shuffle_grouping("spout");
  b.set_bolt("sink", [=] { return std::make_unique<test::SinkBolt>(sink); }).shuffle_grouping("pass");
  return b;
}

/// A finite pipeline of `count` ids run to completion under `name`, with a MonitorServer on it.
struct WatchedRun {
  WatchedRun(const std::string& name, int count) : name(name) {
    Config config;
    config.set(config_keys::kProgressIntervalSecs, 0);
    auto topology = counting_pipeline(spout, sink, count).create_topology();
    target.emplace(cluster, std::map<std::string, web::TopologyGraph>{{name, web::graph_of(topology)}},
                   [](const std::string&, int) {});
    cluster.submit_topology(name, config, std::move(topology));
    monitor.emplace(web::MonitorSettings{}, *target);
    REQUIRE(cluster.wait_until_complete(name, std::chrono::seconds(60)));
  }
  ~WatchedRun() {
    monitor.reset();
    cluster.kill_topology(name);
  }
  std::string get(const std::string& path) const { return test::http_get(monitor->url(), path); }

  std::string name;
  std::shared_ptr<test::SpoutLog> spout = std::make_shared<test::SpoutLog>();
  std::shared_ptr<test::SinkLog> sink = std::make_shared<test::SinkLog>();
  LocalCluster cluster;
  std::optional<web::LocalClusterTarget> target;
  std::optional<web::MonitorServer> monitor;
};

}  // namespace

TEST_CASE("/metrics passes promtool and its counters equal the summary's at the end of a finite run") {
  WatchedRun run("watched \"one\"", 5000);
  auto response = run.get("/metrics");
  CHECK(response.find("Content-Type: text/plain; version=0.0.4") != std::string::npos);
  std::string text = test::http_body(response);
  auto [report, status] = promtool_check(text);
  INFO(report);
  CHECK(status == 0);
  CHECK(report.empty());  // promtool prints nothing for well-formed, well-named metrics
  auto final = run.cluster.metrics(run.name);
  const std::string topology = R"(topology="watched \"one\"")";  // a quote in a label value, escaped
  for (const auto& t : final.tasks) {
    if (t.kind == "acker") continue;
    std::string labels = "{" + topology + ",component=\"" + t.component + "\",task=\"" + std::to_string(t.task) + "\"}";
    CAPTURE(labels);
    std::uint64_t emitted = 0;
    for (const auto& s : t.streams) {  // emits are counted per output stream
      std::string stream_labels = "{" + topology + ",component=\"" + t.component + "\",stream=\"" + s.stream + "\",task=\"" +
                                  std::to_string(t.task) + "\"}";
      CHECK(sample(text, "squall_tuples_emitted_total" + stream_labels) == double(s.emitted));
      CHECK(sample(text, "squall_tuples_transferred_total" + stream_labels) == double(s.transferred));
      emitted += s.emitted;
    }
    CHECK(emitted == t.emitted);
    CHECK(sample(text, "squall_tuples_acked_total" + labels) == double(t.acked));
    CHECK(sample(text, "squall_tuples_failed_total" + labels) == double(t.failed));
  }
  auto spout_task = std::find_if(final.tasks.begin(), final.tasks.end(), [](const TaskStats& t) { return t.kind == "spout"; });
  REQUIRE(spout_task != final.tasks.end());
  CHECK(sample(text, "squall_tuples_acked_total{" + topology + ",component=\"spout\",task=\"" +
                         std::to_string(spout_task->task) + "\"}") == 5000);
  CHECK(sample(text, "squall_pending_tuples{" + topology + "}") == 0);
}

TEST_CASE("Storm UI's REST API: summaries and a topology with Storm's field names and types; unknown ids are 404") {
  WatchedRun run("rest", 2000);

  auto cluster_summary = nlohmann::json::parse(test::http_body(run.get("/api/v1/cluster/summary")));
  CHECK(cluster_summary["topologies"] == 1);
  CHECK(cluster_summary["tasksTotal"] == 4);  // spout, 2 × pass, sink
  auto summary = nlohmann::json::parse(test::http_body(run.get("/api/v1/topology/summary")));
  REQUIRE(summary["topologies"].size() == 1);
  CHECK(summary["topologies"][0]["id"] == "rest");
  CHECK(summary["topologies"][0]["status"] == "ACTIVE");
  CHECK(summary["topologies"][0]["uptimeSeconds"].is_number_integer());
  CHECK(summary["topologies"][0]["uptime"].is_string());

  auto topology = nlohmann::json::parse(test::http_body(run.get("/api/v1/topology/rest")));
  REQUIRE(topology["spouts"].size() == 1);
  const auto& s = topology["spouts"][0];
  CHECK(s["spoutId"] == "spout");
  CHECK(s["acked"] == 2000);
  CHECK(s["completeLatency"].is_string());  // Storm writes latencies as strings
  REQUIRE(topology["bolts"].size() == 2);
  for (const auto& b : topology["bolts"]) {
    CHECK(b["executeLatency"].is_string());
    CHECK(b["processLatency"].is_string());
    CHECK(b["capacity"].is_string());
    CHECK(std::stod(b["capacity"].get<std::string>()) >= 0);
    CHECK(b["executed"] == 2000);
  }
  CHECK(topology["topologyStats"].back()["window"] == ":all-time");  // after 600, 10800, 86400
  CHECK(topology["topologyStats"].back()["acked"] == 2000);

  auto missing = run.get("/api/v1/topology/nope");
  CHECK(missing.find(" 404 ") != std::string::npos);
}

TEST_CASE("prometheus label values escape backslash, quote and newline") {
  CHECK(web::prometheus_label_value("a\\b\"c\nd") == "a\\\\b\\\"c\\nd");
}

TEST_CASE("Storm UI's REST API: component, metrics, visualization, Nimbus and supervisor summaries") {
  WatchedRun run("parts", 1000);
  auto json = [&](const std::string& path) { return nlohmann::json::parse(test::http_body(run.get(path))); };
  auto pass = json("/api/v1/topology/parts/component/pass");
  CHECK(pass["componentType"] == "bolt");
  CHECK(pass["topologyId"] == "parts");
  REQUIRE(pass["executorStats"].size() == 2);
  std::uint64_t executed = 0;
  for (const auto& e : pass["executorStats"]) {
    CHECK(e["id"].get<std::string>().front() == '[');
    CHECK(e["executeLatency"].is_string());
    CHECK(e["capacity"].is_string());
    executed += e["executed"].get<std::uint64_t>();
  }
  CHECK(executed == 1000);
  CHECK(pass["componentErrors"].is_array());
  CHECK(run.get("/api/v1/topology/parts/component/nope").find(" 404 ") != std::string::npos);

  auto metrics = json("/api/v1/topology/parts/metrics");
  CHECK(metrics["window"] == ":all-time");
  REQUIRE(metrics["spouts"].size() == 1);
  CHECK(metrics["spouts"][0]["acked"][0]["value"] == 1000);
  CHECK(metrics["spouts"][0]["complete_ms_avg"][0]["value"].is_string());

  auto vis = json("/api/v1/topology/parts/visualization");
  CHECK(vis["spout"][":type"] == "spout");
  REQUIRE(vis["sink"][":inputs"].size() == 1);
  CHECK(vis["sink"][":inputs"][0][":component"] == "pass");
  CHECK(vis["pass"][":inputs"][0][":grouping"] == "shuffle");
  CHECK(vis["pass"][":parallelism"] == 2);

  CHECK(json("/api/v1/nimbus/summary")["nimbuses"][0]["status"] == "Leader");
  CHECK(json("/api/v1/supervisor/summary")["supervisors"].size() == 1);
  CHECK(run.get("/").find("<title>squall UI</title>") != std::string::npos);
}

TEST_CASE("UI actions: off by default, a token when set, and none beyond loopback without one") {
  WatchedRun run("acts", 100);
  const std::string header = "X-Squall-Token: x\r\n";
  CHECK(test::http_post(run.monitor->url(), "/api/v1/topology/acts/deactivate", header).find(" 403 ") != std::string::npos);
  CHECK(run.cluster.metrics("acts").status == "ACTIVE");

  web::MonitorServer guarded(web::MonitorSettings{.actions = true, .token = "s3cret"}, *run.target);
  CHECK(test::http_post(guarded.url(), "/api/v1/topology/acts/deactivate", header).find(" 403 ") != std::string::npos);
  CHECK(test::http_post(guarded.url(), "/api/v1/topology/acts/deactivate", "X-Squall-Token: s3cret\r\n").find(" 200 ") !=
        std::string::npos);
  CHECK(run.cluster.metrics("acts").status == "INACTIVE");
  CHECK(test::http_post(guarded.url(), "/api/v1/topology/acts/activate?token=s3cret").find(" 200 ") != std::string::npos);
  CHECK(run.cluster.metrics("acts").status == "ACTIVE");
  CHECK_THROWS_AS(web::MonitorServer(web::MonitorSettings{.host = "0.0.0.0", .actions = true}, *run.target), Error);
}

TEST_CASE("the event stream sends the topology's document, and says when it is gone") {
  WatchedRun run("streamed", 100);
  auto response = test::http_get(run.monitor->url(), "/api/v1/topology/streamed/stream?component=sink",
                                 [](const std::string& r) { return r.find("\n\n", r.find("data: ")) != std::string::npos; });
  auto start = response.find("data: ");
  REQUIRE(start != std::string::npos);
  auto event = nlohmann::json::parse(response.substr(start + 6, response.find("\n\n", start) - start - 6));
  CHECK(event["topology"]["id"] == "streamed");
  CHECK(event["component"]["componentType"] == "bolt");
  CHECK(event["visualization"].contains("sink"));
  auto gone = test::http_get(run.monitor->url(), "/api/v1/topology/other/stream",
                             [](const std::string& r) { return r.find("\n\n", r.find("data: ")) != std::string::npos; });
  CHECK(gone.find("\"gone\":true") != std::string::npos);
}

TEST_CASE("WebSinkBolt refuses a chart it cannot draw") {
  bolts::WebSinkBolt::Settings s;
  s.chart = "pie";
  CHECK_THROWS_AS(bolts::WebSinkBolt{s}, SettingError);
  s.chart = "top";
  s.value_field = "count";
  CHECK_THROWS_AS(bolts::WebSinkBolt{s}, SettingError);  // no key.field
  s.key_field = "word";
  CHECK_NOTHROW(bolts::WebSinkBolt{s});
  s.chart = "series";
  s.value_field = "";
  CHECK_THROWS_AS(bolts::WebSinkBolt{s}, SettingError);  // no value.field
}

TEST_CASE("Storm UI's windows: counts over the last 10 minutes, 3 hours and a day from the kept snapshots") {
  using namespace std::chrono_literals;
  auto snapshot = [](std::uint64_t emitted, double uptime) {
    MetricsSnapshot m;
    m.topology = "t";
    m.uptime_secs = uptime;
    TaskStats spout{"spout", -1, "spout"};
    spout.emitted = spout.acked = emitted;
    spout.streams = {{"default", emitted, emitted}};
    m.components = {spout};
    spout.task = 1;
    m.tasks = {spout};
    return m;
  };
  web::MetricsHistory history;
  auto t0 = web::MetricsHistory::Clock::now();
  history.record({snapshot(100, 100)}, t0);
  history.record({snapshot(700, 700)}, t0 + 600s);
  auto now = t0 + 1200s;
  auto last10 = history.window(snapshot(1000, 1300), 600, now);  // minus the snapshot 600 s old
  CHECK(last10.component("spout")->emitted == 300);
  CHECK(last10.tasks[0].acked == 300);
  CHECK(last10.tasks[0].streams[0].emitted == 300);
  CHECK(last10.uptime_secs == 600);
  auto young = history.window(snapshot(1000, 1300), 10800, now);  // younger than 3 h: its whole life
  CHECK(young.component("spout")->emitted == 1000);
  CHECK(young.uptime_secs == 1300);
  auto watched = history.window(snapshot(1000, 20000), 10800, now);  // older, watched for 1200 s
  CHECK(watched.component("spout")->emitted == 900);
  CHECK(watched.uptime_secs == 1200);
  CHECK(history.window(snapshot(1000, 1300), 0, now).component("spout")->emitted == 1000);  // all time
  CHECK_THROWS_AS(web::window_seconds("42"), std::invalid_argument);
  CHECK(web::window_pretty("10800") == "3h 0m 0s");
}

TEST_CASE("?window= on the REST API: Storm's four windows in topologyStats, 400 for another") {
  WatchedRun run("windows", 500);
  auto topology = nlohmann::json::parse(test::http_body(run.get("/api/v1/topology/windows?window=600")));
  CHECK(topology["window"] == "600");
  REQUIRE(topology["topologyStats"].size() == 4);
  CHECK(topology["topologyStats"][0]["window"] == "600");
  CHECK(topology["topologyStats"][3]["window"] == ":all-time");
  CHECK(topology["topologyStats"][0]["acked"] == 500);  // a young topology: its whole life
  CHECK(topology["spouts"][0]["acked"] == 500);
  auto component = nlohmann::json::parse(test::http_body(run.get("/api/v1/topology/windows/component/spout?window=10800")));
  CHECK(component["window"] == "10800");
  CHECK(run.get("/api/v1/topology/windows?window=7").find(" 400 ") != std::string::npos);
}
