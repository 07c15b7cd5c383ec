#include "squall/web/web_view_bolt.hpp"

#include <atomic>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "squall/api/config.hpp"
#include "squall/api/topology_context.hpp"

namespace squall::bolts {

WebViewBolt::WebViewBolt(const Settings& settings)
    : host_(settings.host),
      title_(settings.title),
      url_file_(settings.url_file),
      expected_field_(settings.expected_field),
      predicted_field_(settings.predicted_field),
      probability_field_(settings.probability_field),
      port_(static_cast<int>(settings.port)),
      hub_(std::make_shared<EventHub>(static_cast<std::size_t>(settings.history))),
      hub_history_(static_cast<std::size_t>(settings.history)) {
  const auto rate = settings.max_events_per_second;
  if (rate < 0) throw Error(fmt::format("WebViewBolt: max.events.per.second must be >= 0 (0 = no limit), not {}", rate));
  if (rate > 0) min_event_interval_ = std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::seconds(1)) / rate;
}

Config WebViewBolt::component_configuration() const {
  Config c;
  c.set(config_keys::kTickTupleFreqSecs, 0.1);
  return c;
}

WebViewBolt::~WebViewBolt() { cleanup(); }

void WebViewBolt::prepare(const TopologyContext& context) {
  // The same rows as a view of the monitoring UI (squall run --ui): a table of predictions.
  web::ViewSpec view{context.component_parallelism() > 1 ? fmt::format("{}-{}", context.component_id(), context.task_index())
                                                         : context.component_id(),
                     context.topology_name(), context.component_id(), "table",
                     {"row", "predicted", "probability", "expected", "accuracy"}};
  view_hub_ = web::ViewBoard::instance().open(view, hub_history_);
  server_ = std::make_unique<httplib::Server>();
  // Each open page holds a thread for its event stream: a pool of cpp-httplib's default size
  // (8 here) stopped answering at 8 pages. kMaxEventStreams pages at once, and threads to spare
  // for the page itself and /summary; a page past the cap gets 503 and retries (EventSource does).
  server_->new_task_queue = [] { return new httplib::ThreadPool(kMaxEventStreams + 8); };
  auto open_streams = std::make_shared<std::atomic<int>>(0);
  std::string page = web_view_page(title_);
  server_->Get("/", [page](const httplib::Request&, httplib::Response& res) { res.set_content(page, "text/html; charset=utf-8"); });
  auto hub = hub_;
  server_->Get("/summary", [hub](const httplib::Request&, httplib::Response& res) { res.set_content(hub->latest(), "application/json"); });
  server_->Get("/events", [hub, open_streams](const httplib::Request& req, httplib::Response& res) {
    if (open_streams->fetch_add(1) >= kMaxEventStreams) {
      open_streams->fetch_sub(1);
      res.status = 503;
      res.set_header("Retry-After", "5");
      res.set_content(fmt::format("more than {} pages are open\n", kMaxEventStreams), "text/plain");
      return;
    }
    // An id this page never sent ("abc", a number too large) replays the history, as a fresh page.
    std::uint64_t after = 0;
    if (req.has_header("Last-Event-ID")) {
      const std::string id = req.get_header_value("Last-Event-ID");
      if (std::from_chars(id.data(), id.data() + id.size(), after).ec != std::errc()) after = 0;
    }
    auto cursor = std::make_shared<std::uint64_t>(after);
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider("text/event-stream", [hub, cursor](std::size_t, httplib::DataSink& sink) {
      auto events = hub->wait_after(*cursor, std::chrono::milliseconds(500));
      if (hub->closed()) return false;
      std::string out = events.empty() ? ": keep-alive\n\n" : "";
      for (const auto& [seq, json] : events) {
        out += fmt::format("id: {}\ndata: {}\n\n", seq, json);
        *cursor = seq;
      }
      return sink.write(out.data(), out.size());
    }, [open_streams](bool) { open_streams->fetch_sub(1); });
  });
  int port = port_ == 0 ? 0 : port_ + context.task_index();
  int bound = port == 0 ? server_->bind_to_any_port(host_) : (server_->bind_to_port(host_, port) ? port : -1);
  if (bound < 0) throw Error(fmt::format("WebViewBolt: cannot listen on {}:{} (in use? set 'port')", host_, port));
  url_ = fmt::format("http://{}:{}/", host_, bound);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  if (!url_file_.empty()) std::ofstream(url_file_) << url_ << "\n";
  spdlog::info("web view: open {}", url_);
}

namespace {

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        else out += c;
    }
  }
  out += '"';
}

void append_json_value(std::string& out, const Value& v) {
  switch (v.type()) {
    case ValueType::nil: out += "null"; break;
    case ValueType::boolean: out += v.as_bool() ? "true" : "false"; break;
    case ValueType::int64: fmt::format_to(std::back_inserter(out), "{}", v.as_int()); break;
    case ValueType::float64:
      if (std::isfinite(v.as_double())) fmt::format_to(std::back_inserter(out), "{}", v.as_double());
      else out += "null";
      break;
    case ValueType::string: append_json_string(out, v.as_string()); break;
    case ValueType::bytes: append_json_string(out, v.to_string()); break;
  }
}

/// A label as text without a copy when it is a string (the common case); other values are
/// written into `scratch`.
std::string_view label_of(const Value& v, std::string& scratch) {
  if (v.type() == ValueType::string) return v.as_string();
  scratch = v.to_string();
  return scratch;
}

}  // namespace

void WebViewBolt::execute(const Tuple& input, BasicOutputCollector&) {
  const auto now = std::chrono::steady_clock::now();
  const bool due = now - last_event_ >= min_event_interval_;
  if (input.is_tick()) {
    if (held_ && due) {
      last_event_ = now;
      publish(*held_);
      held_.reset();
    }
    return;
  }
  count(input);
  if (!due) {
    held_ = input;
    return;
  }
  last_event_ = now;
  held_.reset();
  publish(input);
}

const Value* WebViewBolt::expected_of(const Tuple& input) const {
  if (!input.contains(expected_field_)) return nullptr;
  const Value& v = input.get(expected_field_);
  return v.is_nil() ? nullptr : &v;
}

std::string_view WebViewBolt::predicted_of(const Tuple& input, std::string& scratch) const {
  return input.contains(predicted_field_) ? label_of(input.get(predicted_field_), scratch) : std::string_view();
}

void WebViewBolt::count(const Tuple& input) {
  ++rows_;
  const Value* expected_value = expected_of(input);
  if (!expected_value) return;
  ++labelled_;
  std::string expected_text, predicted_text;  // only for labels that are not strings
  const std::string_view expected = label_of(*expected_value, expected_text);
  const std::string_view predicted = predicted_of(input, predicted_text);
  correct_ += expected == predicted;
  auto row = matrix_.find(expected);
  if (row == matrix_.end()) row = matrix_.try_emplace(std::string(expected)).first;
  auto cell = row->second.find(predicted);
  if (cell == row->second.end()) cell = row->second.try_emplace(std::string(predicted), 0).first;
  ++cell->second;
}

void WebViewBolt::publish(const Tuple& input) {
  // Written by hand rather than through a JSON DOM: this is the bulk of the live page's cost.
  std::string event;
  event.reserve(256);
  fmt::format_to(std::back_inserter(event), R"({{"row":{},"predicted":)", rows_);
  std::string predicted_text, expected_text;  // only for labels that are not strings
  append_json_string(event, predicted_of(input, predicted_text));
  event += ",\"probability\":";
  if (input.contains(probability_field_)) append_json_value(event, input.get(probability_field_));
  else event += "null";
  if (const Value* expected = expected_of(input)) {
    event += ",\"expected\":";
    append_json_string(event, label_of(*expected, expected_text));
  }
  fmt::format_to(std::back_inserter(event), R"(,"labelled":{},"correct":{},"accuracy":{},"fields":{{)", labelled_, correct_,
                 labelled_ ? static_cast<double>(correct_) / static_cast<double>(labelled_) : 0.0);
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (i) event += ',';
    append_json_string(event, input.fields()[i]);
    event += ':';
    append_json_value(event, input.get(i));
  }
  event += R"(},"matrix":{)";
  bool first_row = true;
  for (const auto& [e, row] : matrix_) {
    if (!first_row) event += ',';
    first_row = false;
    append_json_string(event, e);
    event += ":{";
    bool first = true;
    for (const auto& [p, n] : row) {
      if (!first) event += ',';
      first = false;
      append_json_string(event, p);
      fmt::format_to(std::back_inserter(event), ":{}", n);
    }
    event += '}';
  }
  event += "}}";
  view_hub_->publish(event);
  hub_->publish(std::move(event));
}

std::string WebViewBolt::summary() const {
  std::string out = fmt::format("{} rows", rows_);
  if (labelled_ == 0) return out + "\n";
  out += fmt::format(", accuracy {:.2f} % ({} of {} labelled rows)\nconfusion matrix (rows: expected, columns: predicted)\n",
                     100.0 * static_cast<double>(correct_) / static_cast<double>(labelled_), correct_, labelled_);
  std::set<std::string> labels;
  for (const auto& [e, row] : matrix_) {
    labels.insert(e);
    for (const auto& [p, n] : row) labels.insert(p);
  }
  out += fmt::format("{:>12}", "");
  for (const auto& l : labels) out += fmt::format(" {:>8}", l);
  out += "\n";
  for (const auto& e : labels) {
    out += fmt::format("{:>12}", e);
    for (const auto& p : labels) {
      auto row = matrix_.find(e);
      std::int64_t n = 0;
      if (row != matrix_.end())
        if (auto cell = row->second.find(p); cell != row->second.end()) n = cell->second;
      out += fmt::format(" {:>8}", n);
    }
    out += "\n";
  }
  return out;
}

void WebViewBolt::cleanup() {
  if (!server_) return;
  if (held_) publish(*held_);
  held_.reset();
  std::string text = summary();
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
  hub_->close();
  server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

void WebViewBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<WebViewBolt>({
      .class_name = "squall.bolts.WebViewBolt",
      .aliases = {"WebViewBolt"},
      .description = "a live web page of results (Server-Sent Events) with a running confusion matrix and accuracy",
  });
}

}  // namespace squall::bolts
