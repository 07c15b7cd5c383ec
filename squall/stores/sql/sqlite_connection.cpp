#include "squall/stores/sql/sqlite_connection.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

namespace squall::sql {

namespace {

/// Result codes (https://www.sqlite.org/rescode.html): a constraint or a datatype mismatch is the
/// row's; busy, locked, I/O and full-disk errors pass (try again); the rest are the statement's.
SqlErrorKind kind_of(int code) {
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG: return SqlErrorKind::data;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN: return SqlErrorKind::connection;
    default: return SqlErrorKind::statement;
  }
}

}  // namespace

void SqliteConnection::StatementDeleter::operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

SqliteConnection::SqliteConnection(const std::string& path) : path_(path) {
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw SqlError(SqlErrorKind::connection, fmt::format("SQLite: cannot open {}: {}", path, message));
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, 5000);
  if (path != ":memory:") run_simple("PRAGMA journal_mode=WAL");
}

SqliteConnection::~SqliteConnection() {
  statements_.clear();
  sqlite3_close(db_);
}

void SqliteConnection::fail(int code, std::string_view what) {
  throw SqlError(kind_of(code), fmt::format("SQLite {} ({}): {}", what, path_, sqlite3_errmsg(db_)));
}

void SqliteConnection::run_simple(const char* command) {
  int rc = sqlite3_exec(db_, command, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(rc, command);
}

void SqliteConnection::begin() { run_simple("BEGIN IMMEDIATE"); }
void SqliteConnection::commit() { run_simple("COMMIT"); }

void SqliteConnection::rollback() noexcept {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

sqlite3_stmt* SqliteConnection::bound(const std::string& sql, const Values& params) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare");
    it = statements_.emplace(sql, std::unique_ptr<sqlite3_stmt, StatementDeleter>(raw)).first;
  }
  sqlite3_stmt* s = it->second.get();
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(s))
    throw SqlError(SqlErrorKind::statement, fmt::format("SQLite: the statement has {} placeholders and {} values: {}",
                                                        sqlite3_bind_parameter_count(s), params.size(), sql));
  for (std::size_t i = 0; i < params.size(); ++i) {
    int at = static_cast<int>(i) + 1;
    const Value& v = params[i];
    int rc = SQLITE_OK;
    switch (v.type()) {
      case ValueType::nil: rc = sqlite3_bind_null(s, at); break;
      case ValueType::boolean: rc = sqlite3_bind_int(s, at, v.as_bool() ? 1 : 0); break;
      case ValueType::int64: rc = sqlite3_bind_int64(s, at, v.as_int()); break;
      case ValueType::float64: rc = sqlite3_bind_double(s, at, v.as_double()); break;
      case ValueType::string:
        rc = sqlite3_bind_text64(s, at, v.as_string().data(), v.as_string().size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        break;
      case ValueType::bytes:
        rc = sqlite3_bind_blob64(s, at, v.as_bytes().data.data(), v.as_bytes().data.size(), SQLITE_TRANSIENT);
        break;
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
  return s;
}

void SqliteConnection::execute(const std::string& sql, const Values& params) {
  sqlite3_stmt* s = bound(sql, params);
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) {
    sqlite3_reset(s);
    fail(rc, "execute");
  }
}

QueryResult SqliteConnection::query(const std::string& sql, const Values& params) {
  sqlite3_stmt* s = bound(sql, params);
  QueryResult out;
  int columns = sqlite3_column_count(s);
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(sqlite3_column_name(s, c));
  int rc;
  while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
    Values row;
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(s, c)) {
        case SQLITE_INTEGER: row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(s, c))); break;
        case SQLITE_FLOAT: row.emplace_back(sqlite3_column_double(s, c)); break;
        case SQLITE_TEXT:
          row.emplace_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, c)),
                                       static_cast<std::size_t>(sqlite3_column_bytes(s, c))));
          break;
        case SQLITE_BLOB: {
          auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(s, c));
          row.emplace_back(Bytes{std::vector<std::uint8_t>(data, data + sqlite3_column_bytes(s, c))});
          break;
        }
        default: row.emplace_back(); break;
      }
    }
    out.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    sqlite3_reset(s);
    fail(rc, "query");
  }
  return out;
}

void SqliteConnection::run_script(const std::string& script) { run_simple(script.c_str()); }

}  // namespace squall::sql
