#pragma once
// SqlConnection over SQLite (https://www.sqlite.org/c3ref/intro.html), the embedded default:
// a database file, prepared statements with typed bindings, WAL journaling.

#include <map>
#include <memory>
#include <string>

#include "squall/stores/sql/sql_connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace squall::sql {

class SqliteConnection final : public SqlConnection {
 public:
  /// Opens (creates) the database at `path` (":memory:" for one in memory); waits up to 5 s for a
  /// lock another connection holds. Throws SqlError (connection).
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection() override;

  SqlDialect dialect() const noexcept override { return SqlDialect::sqlite; }
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  void execute(const std::string& sql, const Values& params) override;
  void run_script(const std::string& script) override;
  QueryResult query(const std::string& sql, const Values& params) override;

 private:
  struct StatementDeleter {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  /// The prepared statement for `sql`, reset and bound to `params`.
  sqlite3_stmt* bound(const std::string& sql, const Values& params);
  [[noreturn]] void fail(int code, std::string_view what);
  void run_simple(const char* command);

  std::string path_;
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<sqlite3_stmt, StatementDeleter>, std::less<>> statements_;
};

}  // namespace squall::sql
