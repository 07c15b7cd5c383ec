#include "squall/stores/sql/sql_reconnector.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/registry/component_settings.hpp"

namespace squall::sql {

SqlReconnector::SqlReconnector(std::string component, std::string url, std::string init_sql,
                               std::chrono::milliseconds retry, std::chrono::milliseconds retry_max)
    : component_(std::move(component)),
      url_(std::move(url)),
      init_sql_(std::move(init_sql)),
      where_(redact_url(url_)),
      name_(component_),
      retry_(retry),
      retry_max_(retry_max) {}

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
