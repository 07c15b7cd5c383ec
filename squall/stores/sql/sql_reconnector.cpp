#include "squall/stores/sql/sql_reconnector.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/registry/component_settings.hpp"

namespace squall::sql {

void ConnectionSettings::describe(SettingsSchema& s) {
  s.required(url, "url", "postgresql://user@host:port/database, or sqlite:PATH");
  s.add(init_sql, "init.sql", "SQL run at each connection, before anything else (CREATE TABLE IF NOT EXISTS ...)");
  s.add(retry_ms, "retry.ms", "the first wait before reconnecting (ms), doubled at each failure");
  s.add(retry_max_ms, "retry.max.ms", "the longest wait between reconnections (ms)");
}

SqlDialect ConnectionSettings::check(std::string_view component) const {
  if (retry_ms < 1 || retry_max_ms < retry_ms)
    throw SettingError(fmt::format("{}: retry.ms must be ≥ 1 and retry.max.ms ≥ retry.ms", component));
  try {
    return dialect_of_url(url);
  } catch (const TopologyError& e) {
    throw SettingError(fmt::format("{}: {}", component, e.what()));
  }
}

SqlReconnector::SqlReconnector(std::string component, const ConnectionSettings& settings)
    : component_(std::move(component)),
      url_(settings.url),
      init_sql_(settings.init_sql),
      where_(redact_url(url_)),
      name_(component_),
      retry_(settings.retry_ms),
      retry_max_(settings.retry_max_ms) {}

void SqlReconnector::start(std::string name, MetricCounter& reconnects) {
  name_ = std::move(name);
  reconnects_ = &reconnects;
}

SqlConnection* SqlReconnector::get() {
  if (connection_) return connection_.get();
  if (Clock::now() < next_attempt_) return nullptr;
  try {
    connection_ = connect_sql(url_);
    if (!init_sql_.empty()) connection_->run_script(init_sql_);
    if (backoff_.count() > 0) {
      spdlog::info("{}: connected again to {}", name_, where_);
      if (reconnects_) reconnects_->inc();
    }
    backoff_ = std::chrono::milliseconds(0);
    return connection_.get();
  } catch (const SqlError& e) {
    if (e.kind() != SqlErrorKind::connection) {
      connection_.reset();
      throw SettingError(fmt::format("{}: init.sql failed on {}: {}", component_, where_, e.what()));
    }
    lost(e, "");
    return nullptr;
  }
}

void SqlReconnector::lost(const SqlError& e, std::string_view holding) {
  connection_.reset();
  if (backoff_.count() == 0)
    spdlog::warn("{}: {}; {}reconnecting", name_, e.what(), holding.empty() ? std::string() : std::string(holding) + " and ");
  backoff_ = std::min(retry_max_, backoff_.count() == 0 ? retry_ : backoff_ * 2);
  next_attempt_ = Clock::now() + backoff_;
}

}  // namespace squall::sql
