#include "squall/catalogue/bolts/text/access_log_bolt.hpp"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace squall::bolts {
namespace {

constexpr std::array<std::string_view, 12> kMonths{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool number(std::string_view s, std::int64_t& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

// "10/Oct/2000:13:55:36 -0700"
bool parse_time(std::string_view t, std::int64_t& ms) {
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' || t[17] != ':' || t[20] != ' ')
    return false;
  std::int64_t day, year, hh, mm, ss, zone;
  auto month = std::find(kMonths.begin(), kMonths.end(), t.substr(3, 3));
  if (month == kMonths.end() || !number(t.substr(0, 2), day) || !number(t.substr(7, 4), year) ||
      !number(t.substr(12, 2), hh) || !number(t.substr(15, 2), mm) || !number(t.substr(18, 2), ss) ||
      !number(t.substr(22, 4), zone) || (t[21] != '+' && t[21] != '-'))
    return false;
  auto m = static_cast<unsigned>(month - kMonths.begin() + 1);
  std::int64_t offset_min = (zone / 100) * 60 + zone % 100;
  if (t[21] == '-') offset_min = -offset_min;
  std::int64_t secs = days_from_civil(year, m, static_cast<unsigned>(day)) * 86400 + hh * 3600 + mm * 60 + ss - offset_min * 60;
  ms = secs * 1000;
  return true;
}

}  // namespace

std::optional<AccessLogEntry> parse_access_log_line(std::string_view line, std::string& why) {
  AccessLogEntry e;
  auto sp = line.find(' ');
  auto open = line.find('[');
  auto close = line.find(']', open);
  auto q1 = line.find('"', close);
  auto q2 = q1 == std::string_view::npos ? q1 : line.find('"', q1 + 1);
  if (sp == std::string_view::npos || open == std::string_view::npos || close == std::string_view::npos ||
      q2 == std::string_view::npos) {
    why = "not an access-log line (host ident user [time] \"request\" status bytes)";
    return std::nullopt;
  }
  e.host = std::string(line.substr(0, sp));
  if (!parse_time(line.substr(open + 1, close - open - 1), e.timestamp_ms)) {
    why = fmt::format("bad time '{}' (want 10/Oct/2000:13:55:36 -0700)", line.substr(open + 1, close - open - 1));
    return std::nullopt;
  }
  std::string_view request = line.substr(q1 + 1, q2 - q1 - 1);
  auto s1 = request.find(' ');
  auto s2 = request.rfind(' ');
  e.method = std::string(request.substr(0, s1));
  e.url = s1 == std::string_view::npos ? std::string() : std::string(request.substr(s1 + 1, (s2 > s1 ? s2 : request.size()) - s1 - 1));
  if (e.method.empty() || e.url.empty()) {
    why = fmt::format("bad request '{}'", request);
    return std::nullopt;
  }
  std::string_view rest = line.substr(q2 + 1);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  auto s3 = rest.find(' ');
  std::string_view status = rest.substr(0, s3), bytes = s3 == std::string_view::npos ? "-" : rest.substr(s3 + 1);
  bytes = bytes.substr(0, bytes.find(' '));
  if (!number(status, e.status) || (bytes != "-" && !number(bytes, e.bytes))) {
    why = fmt::format("bad status or size '{}'", rest.substr(0, 40));
    return std::nullopt;
  }
  return e;
}

AccessLogBolt::AccessLogBolt(const Settings& settings) : line_field_(settings.line_field) {}

void AccessLogBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare({"host", "timestamp", "method", "url", "status", "bytes"});
  declarer.declare_stream("errors", {"reason", "line", "location"});
}

void AccessLogBolt::execute(const Tuple& input, BasicOutputCollector& collector) {
  const std::string& line = input.get_string(line_field_);
  std::string why;
  if (auto e = parse_access_log_line(line, why)) {
    collector.emit({e->host, e->timestamp_ms, e->method, e->url, e->status, e->bytes});
    return;
  }
  Value location = input.contains("location") ? input.get("location") : Value();
  collector.report_error(fmt::format("{}: {}", location.is_nil() ? std::string("input") : location.to_string(), why));
  collector.emit("errors", {why, line, location});
}

void AccessLogBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<AccessLogBolt>({
      .class_name = "squall.bolts.AccessLogBolt",
      .aliases = {"AccessLogBolt"},
      .description = "parses Apache access-log lines into (host, timestamp, method, url, status, bytes); bad lines to 'errors'",
  });
}

}  // namespace squall::bolts
