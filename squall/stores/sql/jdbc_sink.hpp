#pragma once
// JdbcSink (squall.bolts.JdbcSink; Storm's storm-jdbc JdbcInsertBolt, better): writes tuples as
// rows of a PostgreSQL or SQLite table in batched transactions, acking each input only once its
// row is committed (docs/databases.md).

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/metrics/metric_registry.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/stores/sql/sql_connection.hpp"
#include "squall/stores/sql/sql_reconnector.hpp"

namespace squall::bolts {

/// Rows go to `table` (columns named as the fields, or `columns`; an upsert with `upsert.keys`)
/// or through `insert.query` (JDBC's `?` placeholders, bound to `fields` in order). Values are
/// always parameters, never SQL text. A batch is written when it holds `batch.size` rows or its
/// oldest row has waited `batch.ms`, in one transaction; its inputs are acked after COMMIT.
/// - a row the database refuses (a type, a constraint) is failed and reported with its values
///   and the reason; the batch's other rows are written;
/// - a statement the database refuses (no such table) fails the batch and is reported;
/// - a lost connection keeps the batch and reconnects with exponential backoff (`retry.ms` up to
///   `retry.max.ms`), keeping the held inputs from timing out; with `batch.size` × 4 rows held
///   the bolt stops taking input until the server is back (backpressure, not loss).
/// A batch whose COMMIT's answer was lost is written again: idempotent with upsert keys.
class JdbcSink : public Bolt {
 public:
  struct Settings {
    sql::ConnectionSettings connection;  // url, init.sql, retry.ms, retry.max.ms
    std::string table, insert_query;
    std::vector<std::string> fields, columns, upsert_keys;
    std::int64_t batch_size = 500;
    std::int64_t batch_ms = 100;
    void describe(SettingsSchema& s) {
      connection.describe(s);
      s.add(table, "table", "the table rows go to (or insert.query)");
      s.add(insert_query, "insert.query", "or an INSERT with ? placeholders, bound to `fields` in order");
      s.add(fields, "fields", "tuple fields written (default: all of the input's)");
      s.add(columns, "columns", "with table: the columns they go to (default: the field names)");
      s.add(upsert_keys, "upsert.keys", "with table: key columns; a row with existing keys updates it");
      s.add(batch_size, "batch.size", "rows per transaction (rows)");
      s.add(batch_ms, "batch.ms", "the longest a row waits for its batch (ms)");
    }
  };
  /// Throws SettingError for neither or both of table and insert.query, columns without table, a
  /// non-positive size or time, or an unknown url scheme.
  explicit JdbcSink(const Settings& settings);
  explicit JdbcSink(const ComponentSettings& settings) : JdbcSink(read_settings<Settings>(settings)) {}
  ~JdbcSink() override;

  /// Connects and runs init.sql; a server that does not answer yet is retried, not an error.
  /// Throws SettingError when init.sql fails (at a later reconnection, the tuple at hand fails).
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  /// Writes what is held (one attempt); what cannot be written is failed, for replay.
  void cleanup() override;
  /// Ticks every min(batch.ms, 100 ms), to write batches that wait and to reconnect.
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

 private:
  struct Row {
    Tuple input;
    Values params;
    const std::string* sql;
  };
  /// The statement for an input with `fields` (built once per field list).
  const std::string& statement_for(const std::vector<std::string>& fields);
  /// Writes the held rows; false when the server is unreachable (they stay held).
  bool flush();
  /// Drops the connection (the link backs off) and keeps the held rows from timing out.
  void lost_connection(const sql::SqlError& e);

  Settings settings_;
  sql::SqlDialect dialect_;
  std::string numbered_query_;
  std::map<std::vector<std::string>, std::string> statements_;
  sql::SqlReconnector link_;
  std::vector<Row> rows_;
  std::chrono::steady_clock::time_point oldest_{};
  OutputCollector* out_ = nullptr;
  MetricCounter* written_ = nullptr;
  MetricCounter* refused_ = nullptr;
  std::string name_;
};

}  // namespace squall::bolts
