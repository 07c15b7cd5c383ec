#pragma once
// JdbcLookupBolt (squall.bolts.JdbcLookupBolt; Storm's storm-jdbc JdbcLookupBolt, with a cache):
// enriches each tuple with the rows a query finds for it in PostgreSQL or SQLite
// (docs/databases.md).

#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/metrics/metric_registry.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/stores/sql/sql_reconnector.hpp"

namespace squall::bolts {

/// Runs `select.query` (JDBC's `?` placeholders, bound to the tuple's `fields` in order; always
/// parameters, never SQL text) and emits, per row found, the input's `pass.fields` (default:
/// `fields`) followed by the row's `columns` (named as the query returns them), anchored to the
/// input. No row: nothing is emitted (Storm's behaviour), or, with `on.missing: nulls`, one tuple
/// with nil columns (a left join). Answers are cached per parameter values for `cache.ttl.ms`
/// (0: no cache), at most `cache.max.entries` of them (the oldest go first).
/// - a parameter the database refuses (text compared with an integer column) sends the input to
///   the "errors" stream ("reason", "values": the input as JSON), reported and acked;
/// - a statement the database refuses (no such table) fails the input (replayed) and is reported;
/// - a lost connection holds the input and the ones after it (their message timeouts reset, so
///   they are not replayed) and reconnects with backoff (`retry.ms` up to `retry.max.ms`); they
///   are served in order once the server is back. With 1,000 held the bolt stops taking input
///   (backpressure), as JdbcSink does.
/// Metrics: jdbc_lookups (queries run), jdbc_cache_hits, jdbc_reconnects.
class JdbcLookupBolt : public Bolt {
 public:
  struct Settings {
    sql::ConnectionSettings connection;  // url, init.sql, retry.ms, retry.max.ms
    std::string select_query;
    std::vector<std::string> fields, pass_fields, columns;
    std::string on_missing = "drop";
    std::int64_t cache_ttl_ms = 60000;
    std::int64_t cache_max_entries = 100000;
    void describe(SettingsSchema& s) {
      connection.describe(s);
      s.required(select_query, "select.query", "a SELECT with ? placeholders, bound to `fields` in order");
      s.required(fields, "fields", "tuple fields bound to the query's placeholders");
      s.required(columns, "columns", "the query's result columns emitted after the passed fields");
      s.add(pass_fields, "pass.fields", "input fields emitted first (default: `fields`)");
      s.add(on_missing, "on.missing", "drop (no row, no tuple) or nulls (one tuple with nil columns)");
      s.add(cache_ttl_ms, "cache.ttl.ms", "how long an answer is reused (ms); 0 = no cache");
      s.add(cache_max_entries, "cache.max.entries", "answers cached at most (the oldest go first)");
    }
  };
  /// Throws SettingError for a placeholder count other than the fields', an empty `columns`, a
  /// bad on.missing, negative cache settings, or an unknown url scheme.
  explicit JdbcLookupBolt(const Settings& settings);
  explicit JdbcLookupBolt(const ComponentSettings& settings) : JdbcLookupBolt(read_settings<Settings>(settings)) {}
  ~JdbcLookupBolt() override;

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  /// Connects (a server that does not answer yet is retried, not an error). Throws TopologyError
  /// for a field an input stream lacks, SettingError when init.sql fails.
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  /// Serves what is held (one attempt); what cannot be served is failed, for replay.
  void cleanup() override;
  /// Ticks every 100 ms, to serve held inputs once the server is back.
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

 private:
  struct Answer {
    std::vector<Values> rows;  // the columns' values, in `columns` order
    std::chrono::steady_clock::time_point expires;
  };
  /// The rows for `params`, from the cache or the database; nullptr while the server is away
  /// (waiting to reconnect). Throws SqlError.
  const std::vector<Values>* lookup(const Values& params);
  /// Emits and acks `input`'s rows (or routes or fails it); false when the server is away.
  bool serve(const Tuple& input);
  /// Serves the held inputs in order; false when the server is away (the rest stay held).
  bool serve_waiting();
  static constexpr std::size_t kMaxWaiting = 1000;

  Settings settings_;
  std::string query_;  // numbered for the dialect
  std::vector<std::string> pass_fields_;
  bool nulls_when_missing_ = false;
  sql::SqlReconnector link_;
  std::unordered_map<std::string, Answer> cache_;  // by the parameters' encoding
  std::deque<std::string> cache_order_;            // oldest first
  Answer fresh_;                                   // the last answer, when not cached
  std::deque<Tuple> waiting_;                      // inputs held while the server is away, in order
  OutputCollector* out_ = nullptr;
  MetricCounter* lookups_ = nullptr;
  MetricCounter* cache_hits_ = nullptr;
  std::string name_;
};

}  // namespace squall::bolts
