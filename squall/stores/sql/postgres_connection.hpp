#pragma once
// SqlConnection over libpq (https://www.postgresql.org/docs/15/libpq.html): named prepared
// statements with text parameters (bytea as binary), errors sorted by SQLSTATE class.

#include <map>
#include <string>

#include "squall/stores/sql/sql_connection.hpp"

struct pg_conn;

namespace squall::sql {

class PostgresConnection final : public SqlConnection {
 public:
  /// Connects with libpq's `conninfo` (a URI or keyword string); throws SqlError (connection).
  explicit PostgresConnection(const std::string& conninfo);
  ~PostgresConnection() override;

  SqlDialect dialect() const noexcept override { return SqlDialect::postgresql; }
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  void execute(const std::string& sql, const Values& params) override;
  /// Pipeline mode (libpq ≥ 14): up to 1,000 statements sent before their results are read.
  void execute_many(std::span<const BoundStatement> statements) override;
  void run_script(const std::string& script) override;
  QueryResult query(const std::string& sql, const Values& params) override;

 private:
  /// The prepared statement's name for `sql`, preparing it on first use.
  const std::string& prepared(const std::string& sql, std::size_t params);
  void run_simple(const char* command);
  void pipeline(std::span<const BoundStatement> statements, std::size_t first_index);

  pg_conn* conn_ = nullptr;
  std::map<std::string, std::string, std::less<>> statements_;  // SQL text → statement name
};

}  // namespace squall::sql
