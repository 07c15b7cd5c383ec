#include "squall/stores/sql/sql_connection.hpp"

#include <regex>

#include <fmt/format.h>

#include "squall/stores/sql/postgres_connection.hpp"
#include "squall/stores/sql/sqlite_connection.hpp"

namespace squall::sql {

void SqlConnection::execute_many(std::span<const BoundStatement> statements) {
  for (std::size_t i = 0; i < statements.size(); ++i) {
    try {
      execute(*statements[i].sql, *statements[i].params);
    } catch (const SqlError& e) {
      throw SqlError(e.kind(), e.what(), i);
    }
  }
}

SqlDialect dialect_of_url(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return SqlDialect::sqlite;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0 || url.find('=') != std::string::npos)
    return SqlDialect::postgresql;
  throw TopologyError(fmt::format("database url '{}': use postgresql://user@host:port/database, a libpq keyword "
                                  "string (host=... dbname=...), or sqlite:PATH",
                                  redact_url(url)));
}

std::unique_ptr<SqlConnection> connect_sql(const std::string& url) {
  if (dialect_of_url(url) == SqlDialect::sqlite) return std::make_unique<SqliteConnection>(url.substr(7));
  return std::make_unique<PostgresConnection>(url);
}

std::string redact_url(std::string_view url) {
  static const std::regex uri_password(R"(^([a-z]+://[^:/@]*:)[^@]*@)");
  static const std::regex keyword_password(R"((password\s*=\s*)('[^']*'|\S+))");
  std::string out = std::regex_replace(std::string(url), uri_password, "$1***@");
  return std::regex_replace(out, keyword_password, "$1***");
}

}  // namespace squall::sql
