#include "squall/stores/sql/postgres_connection.hpp"

#include <cstring>
#include <memory>
#include <optional>

#include <fmt/format.h>
#include <libpq-fe.h>

namespace squall::sql {

namespace {

using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

/// SQLSTATE classes (https://www.postgresql.org/docs/15/errcodes-appendix.html): 08 connection
/// exception, 57 operator intervention (a server shutting down), 53 insufficient resources; 22
/// data exception, 23 integrity constraint violation; the rest are the statement's fault.
SqlErrorKind kind_of(const char* sqlstate, bool connection_bad) {
  if (connection_bad || !sqlstate) return SqlErrorKind::connection;
  if (std::strncmp(sqlstate, "08", 2) == 0 || std::strncmp(sqlstate, "57", 2) == 0 ||
      std::strncmp(sqlstate, "53", 2) == 0)
    return SqlErrorKind::connection;
  if (std::strncmp(sqlstate, "22", 2) == 0 || std::strncmp(sqlstate, "23", 2) == 0) return SqlErrorKind::data;
  return SqlErrorKind::statement;
}

/// libpq's message on one line: its lines joined by a space, the trailing newline dropped.
std::string trimmed(const char* message) {
  std::string m;
  for (const char* c = message ? message : ""; *c; ++c) {
    bool space = *c == '\n' || *c == '\t';
    if (!space) m += *c;
    else if (!m.empty() && m.back() != ' ') m += ' ';
  }
  while (!m.empty() && m.back() == ' ') m.pop_back();
  return m;
}

/// Throws SqlError unless `result` is `expected`.
ResultPtr checked(pg_conn* conn, PGresult* raw, ExecStatusType expected, std::string_view what) {
  ResultPtr result(raw, &PQclear);
  if (result && PQresultStatus(result.get()) == expected) return result;
  const char* sqlstate = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  // The primary message and its detail: the CONTEXT lines add nothing a user can act on.
  const char* primary = result ? PQresultErrorField(result.get(), PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  const char* detail = result ? PQresultErrorField(result.get(), PG_DIAG_MESSAGE_DETAIL) : nullptr;
  std::string message = primary ? trimmed(primary) + (detail ? " (" + trimmed(detail) + ")" : "") : "";
  if (message.empty()) message = trimmed(PQerrorMessage(conn));
  throw SqlError(kind_of(sqlstate, PQstatus(conn) != CONNECTION_OK),
                 fmt::format("PostgreSQL {}: {}{}", what, message, sqlstate ? fmt::format(" (SQLSTATE {})", sqlstate) : ""));
}

/// Parameters as libpq wants them: text, except bytes (binary); nil is NULL.
struct Params {
  std::vector<std::string> text;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  explicit Params(const Values& params) {
    text.reserve(params.size());
    for (const auto& v : params) {
      switch (v.type()) {
        case ValueType::nil: text.emplace_back(); break;
        case ValueType::boolean: text.emplace_back(v.as_bool() ? "t" : "f"); break;
        case ValueType::int64: text.push_back(std::to_string(v.as_int())); break;
        case ValueType::float64: text.push_back(fmt::format("{}", v.as_double())); break;
        case ValueType::string: text.push_back(v.as_string()); break;
        case ValueType::bytes: text.emplace_back(v.as_bytes().data.begin(), v.as_bytes().data.end()); break;
      }
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      values.push_back(params[i].is_nil() ? nullptr : text[i].data());
      lengths.push_back(static_cast<int>(text[i].size()));
      formats.push_back(params[i].type() == ValueType::bytes ? 1 : 0);
    }
  }
};

/// A column's value by its type OID (pg_type.h: bool 16, int8 20, int2 21, int4 23, oid 26,
/// float4 700, float8 701, bytea 17); text otherwise.
Value cell(const PGresult* r, int row, int col) {
  if (PQgetisnull(r, row, col)) return Value();
  const char* text = PQgetvalue(r, row, col);
  switch (PQftype(r, col)) {
    case 16: return Value(text[0] == 't');
    case 20:
    case 21:
    case 23:
    case 26: return Value(static_cast<std::int64_t>(std::strtoll(text, nullptr, 10)));
    case 700:
    case 701: return Value(std::strtod(text, nullptr));
    case 17: {
      std::size_t n = 0;
      unsigned char* raw = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &n);
      Bytes b{std::vector<std::uint8_t>(raw, raw + n)};
      PQfreemem(raw);
      return Value(std::move(b));
    }
    default: return Value(std::string(text, static_cast<std::size_t>(PQgetlength(r, row, col))));
  }
}

}  // namespace

PostgresConnection::PostgresConnection(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    std::string message = trimmed(conn_ ? PQerrorMessage(conn_) : "out of memory");
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
    throw SqlError(SqlErrorKind::connection, "PostgreSQL: cannot connect to " + redact_url(conninfo) + ": " + message);
  }
}

PostgresConnection::~PostgresConnection() {
  if (conn_) PQfinish(conn_);
}

void PostgresConnection::run_simple(const char* command) {
  checked(conn_, PQexec(conn_, command), PGRES_COMMAND_OK, command);
}

void PostgresConnection::begin() { run_simple("BEGIN"); }
void PostgresConnection::commit() { run_simple("COMMIT"); }

void PostgresConnection::rollback() noexcept {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE || PQstatus(conn_) != CONNECTION_OK) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

const std::string& PostgresConnection::prepared(const std::string& sql, std::size_t params) {
  if (auto it = statements_.find(sql); it != statements_.end()) return it->second;
  std::string name = fmt::format("squall_{}", statements_.size() + 1);
  checked(conn_, PQprepare(conn_, name.c_str(), sql.c_str(), static_cast<int>(params), nullptr), PGRES_COMMAND_OK,
          "prepare");
  return statements_.emplace(sql, std::move(name)).first->second;
}

void PostgresConnection::execute(const std::string& sql, const Values& params) {
  const std::string& name = prepared(sql, params.size());
  Params p(params);
  checked(conn_,
          PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), p.values.data(), p.lengths.data(),
                         p.formats.data(), 0),
          PGRES_COMMAND_OK, "execute");
}

QueryResult PostgresConnection::query(const std::string& sql, const Values& params) {
  const std::string& name = prepared(sql, params.size());
  Params p(params);
  auto r = checked(conn_,
                   PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), p.values.data(),
                                  p.lengths.data(), p.formats.data(), 0),
                   PGRES_TUPLES_OK, "query");
  QueryResult out;
  int columns = PQnfields(r.get());
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(r.get(), c));
  for (int row = 0; row < PQntuples(r.get()); ++row) {
    Values values;
    for (int c = 0; c < columns; ++c) values.push_back(cell(r.get(), row, c));
    out.rows.push_back(std::move(values));
  }
  return out;
}

void PostgresConnection::run_script(const std::string& script) {
  // The simple query protocol runs several statements; the last one's status is returned.
  ResultPtr result(PQexec(conn_, script.c_str()), &PQclear);
  auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return;
  checked(conn_, result.release(), PGRES_COMMAND_OK, "script");
}

void PostgresConnection::execute_many(std::span<const BoundStatement> statements) {
  // A pipeline's results wait in socket buffers until read: 1,000 statements at a time keeps
  // them far below what would block both sides.
  constexpr std::size_t kChunk = 1000;
  for (std::size_t at = 0; at < statements.size(); at += kChunk)
    pipeline(statements.subspan(at, std::min(kChunk, statements.size() - at)), at);
}

void PostgresConnection::pipeline(std::span<const BoundStatement> statements, std::size_t first_index) {
  std::vector<const std::string*> names;
  for (const auto& s : statements) names.push_back(&prepared(*s.sql, s.params->size()));
  if (PQenterPipelineMode(conn_) != 1)
    throw SqlError(SqlErrorKind::connection, "PostgreSQL: cannot enter pipeline mode: " + trimmed(PQerrorMessage(conn_)));
  std::optional<SqlError> first_error;
  auto lost = [&] {
    return SqlError(SqlErrorKind::connection, "PostgreSQL execute: " + trimmed(PQerrorMessage(conn_)));
  };
  for (std::size_t i = 0; i < statements.size(); ++i) {
    Params p(*statements[i].params);
    if (PQsendQueryPrepared(conn_, names[i]->c_str(), static_cast<int>(statements[i].params->size()), p.values.data(),
                            p.lengths.data(), p.formats.data(), 0) != 1)
      throw lost();
  }
  if (PQpipelineSync(conn_) != 1) throw lost();
  // Each statement's results end with a null; the sync's result ends the pipeline.
  for (std::size_t i = 0; i <= statements.size();) {
    PGresult* raw = PQgetResult(conn_);
    if (!raw) {
      if (PQstatus(conn_) != CONNECTION_OK) throw lost();
      ++i;
      continue;
    }
    ResultPtr r(raw, &PQclear);
    auto status = PQresultStatus(r.get());
    if (status == PGRES_PIPELINE_SYNC) break;
    if (status == PGRES_FATAL_ERROR && !first_error) {
      try {
        checked(conn_, r.release(), PGRES_COMMAND_OK, "execute");
      } catch (const SqlError& e) {
        first_error.emplace(e.kind(), e.what(), first_index + i);
      }
    }
  }
  PQexitPipelineMode(conn_);
  if (first_error) throw *first_error;
}

}  // namespace squall::sql
