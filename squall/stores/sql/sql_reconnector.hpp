#pragma once
// A SQL connection that comes back: connects on demand, runs init.sql at each connection, and
// after a lost connection waits with exponential backoff before the next attempt. Shared by
// JdbcSink and JdbcLookupBolt.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "squall/api/metrics/metric_registry.hpp"
#include "squall/api/registry/settings_schema.hpp"
#include "squall/stores/sql/sql_connection.hpp"

namespace squall::sql {

/// A bolt's database connection as its settings give it: `url`, `init.sql` and the reconnect
/// backoff (`retry.ms` doubled up to `retry.max.ms`); JdbcSink and JdbcLookupBolt declare them
/// alike.
struct ConnectionSettings {
  std::string url, init_sql;
  std::int64_t retry_ms = 100;
  std::int64_t retry_max_ms = 5000;
  void describe(SettingsSchema& s);
  /// The dialect of the url. Throws SettingError, naming `component`, for another scheme or a
  /// backoff below 1 ms or decreasing.
  SqlDialect check(std::string_view component) const;
};

class SqlReconnector {
 public:
  using Clock = std::chrono::steady_clock;
  /// `component`: the bolt's class, for messages ("JdbcSink").
  SqlReconnector(std::string component, const ConnectionSettings& settings);

  /// `name` prefixes log lines ("JdbcSink sink (task 3)"); `reconnects` counts connections made
  /// again after a loss.
  void start(std::string name, MetricCounter& reconnects);
  /// The connection; nullptr while the server is unreachable (then before next_attempt(), no
  /// attempt is made). Throws SettingError when init.sql fails.
  SqlConnection* get();
  /// The connection broke (`e` is a connection error): drops it and backs off. `holding` says
  /// what the caller keeps meanwhile, for the first warning ("holding 12 rows").
  void lost(const SqlError& e, std::string_view holding);
  /// When the next attempt may be made.
  Clock::time_point next_attempt() const noexcept { return next_attempt_; }
  /// The next get() attempts at once (at shutdown).
  void retry_now() noexcept { next_attempt_ = {}; }
  void close() noexcept { connection_.reset(); }
  /// The url without its password, for messages.
  const std::string& where() const noexcept { return where_; }
  const std::string& name() const noexcept { return name_; }

 private:
  std::string component_, url_, init_sql_, where_, name_;
  std::chrono::milliseconds retry_, retry_max_, backoff_{0};
  Clock::time_point next_attempt_{};
  std::unique_ptr<SqlConnection> connection_;
  MetricCounter* reconnects_ = nullptr;
};

}  // namespace squall::sql
