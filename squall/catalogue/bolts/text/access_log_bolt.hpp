#pragma once
// AccessLogBolt (squall.bolts.AccessLogBolt): parses Apache access-log lines (Common and Combined
// Log Format, https://httpd.apache.org/docs/current/logs.html#common).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// One parsed request.
struct AccessLogEntry {
  std::string host;
  std::int64_t timestamp_ms = 0;  ///< the [day/Mon/year:HH:MM:SS +zone] time, in ms since the epoch
  std::string method, url;
  std::int64_t status = 0;
  std::int64_t bytes = 0;  ///< 0 for "-"
};

/// Parses one line; on failure returns nullopt and sets `why`.
std::optional<AccessLogEntry> parse_access_log_line(std::string_view line, std::string& why);

/// Emits ("host", "timestamp", "method", "url", "status",
/// "bytes"); a line that does not parse goes to the "errors" stream ("reason", "line", "location")
/// with the input's "location" field when it has one (FileSpout's file:line), is reported and acked.
class AccessLogBolt : public BasicBolt {
 public:
  struct Settings {
    std::string line_field = "line";
    void describe(SettingsSchema& s) { s.add(line_field, "line.field", "the field holding the log line"); }
  };
  explicit AccessLogBolt(const Settings& settings);
  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void execute(const Tuple& input, BasicOutputCollector& collector) override;
  static void register_in(ComponentRegistry& registry);

 private:
  std::string line_field_;
};

}  // namespace squall::bolts
