#pragma once
// The statements JdbcSink writes with: an INSERT (or an upsert, ON CONFLICT ... DO UPDATE, which
// PostgreSQL and SQLite ≥ 3.24 both speak) built from a table and its columns, and a user's
// query with JDBC's `?` placeholders turned into the dialect's.

#include <string>
#include <string_view>
#include <vector>

#include "squall/stores/sql/sql_connection.hpp"

namespace squall::sql {

/// `name` as a quoted SQL identifier ("a""b" for a"b); a dotted name (schema.table) is quoted
/// part by part.
std::string quote_identifier(std::string_view name);

/// INSERT INTO table (columns) VALUES (placeholders); with `key_columns`, ON CONFLICT (keys) DO
/// UPDATE SET every other column to the new row's value (DO NOTHING when all are keys). Throws
/// TopologyError for no columns or a key that is not among them.
std::string insert_statement(SqlDialect dialect, std::string_view table, const std::vector<std::string>& columns,
                             const std::vector<std::string>& key_columns);

/// `query` with each `?` outside quotes and comments numbered for `dialect` ($1... or ?1...),
/// and how many there were. A query already numbered ($1 or ?1) is kept as it is.
struct NumberedQuery {
  std::string sql;
  std::size_t placeholders = 0;
};
NumberedQuery number_placeholders(SqlDialect dialect, std::string_view query);

}  // namespace squall::sql
