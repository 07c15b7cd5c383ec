#pragma once
// A connection to a SQL database, the little JdbcSink and JdbcLookupBolt need of one: prepared
// statements with parameters (never values pasted into SQL), transactions, and errors sorted by
// what the caller should do about them (docs/databases.md).

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "squall/api/errors.hpp"
#include "squall/api/value.hpp"

namespace squall::sql {

/// What a failed statement means for the rows it carried.
enum class SqlErrorKind {
  connection,  ///< the server is unreachable or went away: keep the rows, reconnect, try again
  data,        ///< this row is refused (a type, a constraint): fail the row, keep the others
  statement,   ///< the statement itself is wrong (no such table, a syntax error): fail them all
};

/// A database error: the server's message and, for PostgreSQL, its SQLSTATE.
class SqlError : public Error {
 public:
  static constexpr std::size_t kNoRow = static_cast<std::size_t>(-1);
  SqlError(SqlErrorKind kind, const std::string& message, std::size_t row = kNoRow)
      : Error(message), kind_(kind), row_(row) {}
  SqlErrorKind kind() const noexcept { return kind_; }
  /// For execute_many: the index of the statement that failed, or kNoRow.
  std::size_t row() const noexcept { return row_; }

 private:
  SqlErrorKind kind_;
  std::size_t row_;
};

/// One statement of a batch: its SQL and its parameters (both outlive the call).
struct BoundStatement {
  const std::string* sql;
  const Values* params;
};

/// The SQL dialect, for the few statements that differ.
enum class SqlDialect { postgresql, sqlite };

/// Rows a query returned: column names, then one Values per row (NULL as nil; PostgreSQL's
/// integers as int64, floating point as double, bool as bool, bytea as bytes, the rest as text;
/// SQLite's values by their storage class).
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Values> rows;
};

/// One connection; used from one thread. Every call throws SqlError.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual SqlDialect dialect() const noexcept = 0;
  virtual void begin() = 0;
  virtual void commit() = 0;
  /// Rolls back the open transaction, if any; never throws (a broken connection has none).
  virtual void rollback() noexcept = 0;
  /// Runs `sql` with `params` bound to its placeholders ($1, $2... for PostgreSQL; ?1, ?2... or ?
  /// for SQLite). The statement is prepared once per connection and text. Nil binds NULL.
  virtual void execute(const std::string& sql, const Values& params) = 0;
  /// Runs `statements` in order in the open transaction; a failure throws SqlError whose row()
  /// is the failing statement's index (kNoRow when no one statement is to blame). PostgreSQL
  /// pipelines them (one round trip per 1,000); this default runs them one by one.
  virtual void execute_many(std::span<const BoundStatement> statements);
  /// Runs `script`, one or more statements separated by ';' without parameters (DDL such as
  /// CREATE TABLE IF NOT EXISTS), outside any transaction the caller opened.
  virtual void run_script(const std::string& script) = 0;
  /// The same as execute for a statement that returns rows.
  virtual QueryResult query(const std::string& sql, const Values& params) = 0;
};

/// The dialect of `url` (see connect_sql), without connecting. Throws TopologyError for another
/// scheme.
SqlDialect dialect_of_url(const std::string& url);

/// Connects to `url`: "postgresql://user:password@host:port/database?options" or a libpq
/// keyword string ("host=127.0.0.1 port=5432 dbname=x"), or "sqlite:PATH" (a file, created when
/// missing; relative to the working directory) or "sqlite::memory:". Throws SqlError
/// (connection) when the server does not answer, TopologyError for another scheme.
std::unique_ptr<SqlConnection> connect_sql(const std::string& url);

/// `url` with any password replaced by "***", for logs and errors.
std::string redact_url(std::string_view url);

}  // namespace squall::sql
