// The live UI in headless Chromium (Debian's chromium), and `squall run --ui --ui-actions` driven
// through Storm's REST actions. Screenshots are kept in the build tree's artifacts/ui folder.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <regex>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "squall/runtime/local_cluster.hpp"
#include "squall/web/monitor_server.hpp"
#include "squall/web/web_sink_bolt.hpp"
#include "support/files.hpp"
#include "support/http_get.hpp"
#include "support/processes.hpp"
#include "support/test_components.hpp"

using namespace squall;
namespace fs = std::filesystem;

namespace {

/// Words without end, one a millisecond at most.
class WordSpout : public Spout {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { collector_ = &c; }
  void next_tuple() override {
    static const char* words[] = {"nathan", "mike", "jackson", "golda", "bertels"};
    auto now = std::chrono::steady_clock::now();
    if (now < next_) return;
    next_ = now + std::chrono::milliseconds(1);
    collector_->emit({std::string(words[n_ % 5])}, MessageId(n_));
    ++n_;
  }

 private:
  SpoutOutputCollector* collector_ = nullptr;
  std::chrono::steady_clock::time_point next_{};
  std::int64_t n_ = 0;
};

/// Counts words (a user counter "words"), and reports an error for the first "golda".
class CountBolt : public BasicBolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"word", "count"}); }
  void prepare(const TopologyContext& context) override { words_ = &context.register_counter("words"); }
  void execute(const Tuple& in, BasicOutputCollector& out) override {
    words_->inc();
    auto word = in.get_string("word");
    auto n = ++counts_[word];
    if (word == "golda" && n == 1) out.report_error("golda is not in the dictionary");
    out.emit({word, n});
  }

 private:
  MetricCounter* words_ = nullptr;
  std::map<std::string, std::int64_t> counts_;
};

class DropBolt : public BasicBolt {
 public:
  void execute(const Tuple&, BasicOutputCollector&) override {}
};

/// What headless Chromium prints with `arguments` (its --dump-dom), stderr dropped.
std::string chromium(const std::string& arguments) {
  std::string command = "timeout 120 chromium --headless --no-sandbox --disable-gpu --window-size=1300,900 "
                        "--virtual-time-budget=3000 " + arguments + " 2>/dev/null";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  ::pclose(pipe);
  return out;
}

std::string dom(const std::string& url) { return chromium("--dump-dom '" + url + "'"); }

void screenshot(const std::string& url, const std::string& name) {
  fs::path dir = fs::path(SQUALL_ARTIFACT_DIR) / "ui";
  fs::create_directories(dir);
  chromium("--screenshot='" + (dir / name).string() + "' '" + url + "'");
  CHECK(fs::exists(dir / name));
}

/// The number in the element data-counter="topology-emitted", or -1.
long long topology_emitted(const std::string& page) {
  std::smatch m;
  static const std::regex counter(R"re(data-counter="topology-emitted">([0-9,]+)<)re");
  if (!std::regex_search(page, m, counter)) return -1;
  std::string digits;
  for (char c : m[1].str())
    if (c != ',') digits += c;
  return std::stoll(digits);
}

}  // namespace

TEST_CASE("headless Chromium shows a running word count: graph, live counters, tasks, errors, user metrics") {
  TopologyBuilder b;
  b.set_spout("words", [] { return std::make_unique<WordSpout>(); });
  b.set_bolt("count", [] { return std::make_unique<CountBolt>(); }, 2).fields_grouping("words", Fields{"word"});
  b.set_bolt("sink", [] { return std::make_unique<DropBolt>(); }).shuffle_grouping("count");
  bolts::WebSinkBolt::Settings chart;
  chart.view = "top-words";
  chart.chart = "top";
  chart.key_field = "word";
  chart.value_field = "count";
  b.set_bolt("chart", [chart] { return std::make_unique<bolts::WebSinkBolt>(chart); }).global_grouping("count");
  auto topology = b.create_topology();
  Config config;
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  web::LocalClusterTarget target(cluster, {{"wc", web::graph_of(topology)}}, [](const std::string&, int) {});
  cluster.submit_topology("wc", config, std::move(topology));
  std::optional<web::MonitorServer> monitor(std::in_place, web::MonitorSettings{.actions = true}, target);
  std::string page = monitor->url() + "topology.html?id=wc&frames=2";

  std::string first = dom(page);
  INFO(first.substr(0, 4000));
  for (const char* c : {"words", "count", "sink"})
    CHECK(first.find(std::string("class=\"node ") + (std::string(c) == "words" ? "spout" : "bolt")) != std::string::npos);
  for (const char* c : {"words", "count", "sink"}) CHECK(first.find(std::string("data-component=\"") + c + "\"") != std::string::npos);
  CHECK(first.find("data-edge=\"words-&gt;count:default\"") != std::string::npos);
  CHECK(first.find("data-edge=\"count-&gt;sink:default\"") != std::string::npos);
  CHECK(first.find("fields(word)") != std::string::npos);
  CHECK(first.find("id=\"actions\"") != std::string::npos);  // actions are on
  screenshot(page, "topology-1.png");
  auto before = topology_emitted(first);
  CHECK(before >= 0);
  long long after = -1;
  CHECK(test::eventually([&] { return (after = topology_emitted(dom(page))) > before; }, std::chrono::seconds(60),
                         std::chrono::milliseconds(200)));
  screenshot(page, "topology-2.png");
  CAPTURE(before);
  CAPTURE(after);

  std::string component_page = monitor->url() + "component.html?topology_id=wc&id=count&frames=2";
  std::string component;
  CHECK(test::eventually([&] { return (component = dom(component_page)).find("data-error") != std::string::npos; },
                         std::chrono::seconds(60), std::chrono::milliseconds(200)));
  INFO(component.substr(0, 4000));
  auto m = cluster.metrics("wc");
  for (const auto& t : m.tasks)
    if (t.component == "count") CHECK(component.find("data-task=\"" + std::to_string(t.task) + "\"") != std::string::npos);
  CHECK(component.find("golda is not in the dictionary") != std::string::npos);
  CHECK(component.find("data-metric=\"words\"") != std::string::npos);
  screenshot(component_page, "component.png");

  std::string view_page = monitor->url() + "view.html?name=top-words&frames=50";
  std::string view = dom(view_page);
  INFO(view.substr(0, 3000));
  for (const char* word : {"nathan", "mike", "jackson", "golda", "bertels"})  // a bar per word
    CHECK(view.find(std::string("data-bar=\"") + word + "\"") != std::string::npos);
  CHECK(first.find("data-view=\"top-words\"") != std::string::npos);  // linked from the topology page
  screenshot(view_page, "view-top-words.png");
  monitor.reset();
  cluster.kill_topology("wc");
}

TEST_CASE("squall run --ui --ui-actions: deactivate, activate and kill over Storm's REST API") {
  test::TempDir dir;
  auto yaml = dir.write("endless.yaml", R"(name: "endless"
spouts:
  - id: "words"
    className: "org.apache.storm.testing.TestWordSpout"
bolts:
  - id: "count"
    className: "org.apache.storm.testing.TestWordCounter"
    parallelism: 2
streams:
  - from: "words"
    to: "count"
    grouping: {type: FIELDS, args: ["word"]}
)");
  int port = test::free_port();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  test::ChildProcess squall({SQUALL_BINARY, "run", yaml.string(), "--ui", "127.0.0.1:" + std::to_string(port), "--ui-actions",
                             "--stats-interval", "0"},
                            dir.path() / "run.log");
  auto status = [&] {
    try {
      auto body = test::http_body(test::http_get(url, "/api/v1/topology/endless"));
      return nlohmann::json::parse(body).value("status", std::string());
    } catch (const std::exception&) {
      return std::string();
    }
  };
  REQUIRE(test::eventually([&] { return status() == "ACTIVE"; }, std::chrono::seconds(60), std::chrono::milliseconds(50)));
  const std::string header = "X-Squall-Token: curl\r\n";
  CHECK(test::http_post(url, "/api/v1/topology/endless/kill/0").find(" 403 ") != std::string::npos);  // no header
  CHECK(test::http_post(url, "/api/v1/topology/nope/deactivate", header).find(" 404 ") != std::string::npos);
  CHECK(test::http_post(url, "/api/v1/topology/endless/rebalance/0", header).find(" 409 ") != std::string::npos);
  CHECK(test::http_post(url, "/api/v1/topology/endless/deactivate", header).find(" 200 ") != std::string::npos);
  CHECK(status() == "INACTIVE");
  CHECK(test::http_post(url, "/api/v1/topology/endless/activate", header).find(" 200 ") != std::string::npos);
  CHECK(status() == "ACTIVE");
  auto killed = test::http_post(url, "/api/v1/topology/endless/kill/1", header);
  CHECK(killed.find(" 200 ") != std::string::npos);
  CHECK(killed.find("\"status\":\"success\"") != std::string::npos);
  REQUIRE(test::eventually([&] { return !squall.running(); }, std::chrono::seconds(60), std::chrono::milliseconds(50)));
  int exit_status = squall.stop();
  CHECK(WIFEXITED(exit_status));
  CHECK(WEXITSTATUS(exit_status) == 0);
  auto log = test::read_text(dir.path() / "run.log");
  INFO(log);
  CHECK(log.find("killed from the UI") != std::string::npos);
  CHECK(log.find("topology 'endless' after") != std::string::npos);  // the summary table
}
