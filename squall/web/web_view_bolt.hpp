#pragma once
// WebViewBolt (squall.bolts.WebViewBolt): serves a live page (cpp-httplib) that shows each
// classified row as it arrives, with a running confusion matrix and accuracy. Results reach the
// browser as Server-Sent Events (GET /events); GET /summary returns the latest totals as JSON.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "squall/web/event_hub.hpp"
#include "squall/web/view_board.hpp"
#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace httplib {
class Server;
}

namespace squall::bolts {

/// Listens on loopback by default; task i serves on port + i. The same rows are a view of the
/// monitoring UI (`squall run --ui`, view_board.hpp), named after the component (and "-i" for
/// task i of several). The page's URL is written to
/// `url.file` once the server listens, for scripts and tests. A missing expected field leaves the
/// confusion matrix empty.
///
/// Every row counts in the accuracy and the confusion matrix. A page cannot show more than a few
/// hundred rows a second, so above `max.events.per.second` rows are sampled: a row arriving
/// sooner than 1/rate after the last event is held, replaced by the next, and published (with
/// the totals of that moment) by the next event or by a tick (every 100 ms) once 1/rate has
/// passed: the page's totals are never more than max(1/rate, 100 ms) behind.
class WebViewBolt : public BasicBolt {
 public:
  /// Pages whose event streams may be open at once; one more gets 503 with Retry-After.
  static constexpr int kMaxEventStreams = 64;
  struct Settings {
    std::string host = "127.0.0.1";
    std::int64_t port = 8080;
    std::string url_file;
    std::string title = "squall live view";
    std::string expected_field = "expected";
    std::string predicted_field = "predicted";
    std::string probability_field = "probability";
    std::int64_t history = 200;
    std::int64_t max_events_per_second = 1000;
    void describe(SettingsSchema& s) {
      s.add(host, "host", "address to listen on");
      s.add(port, "port", "port (0 = any free port; task i uses port + i)");
      s.add(url_file, "url.file", "file to write the page's URL to once listening");
      s.add(title, "title", "page title");
      s.add(expected_field, "expected.field", "field with the true label");
      s.add(predicted_field, "predicted.field", "field with the predicted label");
      s.add(probability_field, "probability.field", "field with the label's probability");
      s.add(history, "history", "events a newly opened page receives");
      s.add(max_events_per_second, "max.events.per.second",
            "rows published to the page per second at most (the rest only counted; 0 = every row)");
    }
  };
  explicit WebViewBolt(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit WebViewBolt(const ComponentSettings& settings) : WebViewBolt(read_settings<Settings>(settings)) {}
  ~WebViewBolt() override;

  /// Binds and starts serving; throws Error naming host:port when it cannot bind.
  void prepare(const TopologyContext& context) override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  /// Ticks every 100 ms, to publish a held row.
  Config component_configuration() const override;
  /// Prints summary() on stdout and stops the server.
  void cleanup() override;
  /// Rows seen, accuracy and the confusion matrix as text.
  std::string summary() const;

  /// "http://host:port/" once prepared.
  const std::string& url() const noexcept { return url_; }

  static void register_in(ComponentRegistry& registry);

 private:
  std::string host_, title_, url_file_, expected_field_, predicted_field_, probability_field_;
  int port_;
  std::string url_;
  std::shared_ptr<EventHub> hub_;
  std::size_t hub_history_;
  std::shared_ptr<EventHub> view_hub_;  // the UI's view of the same rows (ViewBoard)
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  /// The row's expected label; nullptr when the field is missing or nil (an unlabelled row).
  const Value* expected_of(const Tuple& input) const;
  /// The row's predicted label as text ("" when the field is missing); `scratch` holds the text
  /// of a label that is not a string.
  std::string_view predicted_of(const Tuple& input, std::string& scratch) const;
  /// Adds the row to the totals.
  void count(const Tuple& input);
  /// Publishes the row (as JSON, with the current totals) to the page.
  void publish(const Tuple& input);

  std::chrono::steady_clock::duration min_event_interval_{};
  std::chrono::steady_clock::time_point last_event_{};
  std::optional<Tuple> held_;  // the newest row not yet published
  std::int64_t rows_ = 0, labelled_ = 0, correct_ = 0;
  std::map<std::string, std::map<std::string, std::int64_t, std::less<>>, std::less<>> matrix_;  // expected → predicted → count
};

/// The page WebViewBolt serves (HTML with its script), titled `title`.
std::string web_view_page(const std::string& title);

}  // namespace squall::bolts
