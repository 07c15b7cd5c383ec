// JdbcSink against real databases: SQLite (embedded) and a PostgreSQL server the test starts.
// 100,000 rows through a bolt failing every 7th tuple once land exactly once each (upsert);
// PostgreSQL stopped for 5 s mid-run loses nothing; a row a column refuses is failed with its
// values and reason; values never become SQL. The tables are read back with psql and the sqlite3
// shell, clients independent of the code under test.

#include <doctest/doctest.h>

#include "squall/api/errors.hpp"
#include "squall/stores/sql/jdbc_sink.hpp"
#include "squall/stores/sql/sql_statements.hpp"
#include "support/postgres_server.hpp"

using namespace squall;
using namespace test;

namespace {

/// Passes (id, payload) on, anchored; fails every 7th id the first time it sees it.
class FailEverySeventhOnce : public Bolt {
 public:
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload"}); }
  void prepare(const TopologyContext&, OutputCollector& c) override { out_ = &c; }
  void execute(const Tuple& in) override {
    auto id = in.get_int("id");
    if (id % 7 == 0 && failed_.insert(id).second) return out_->fail(in);
    out_->emit(in, {id, in.get_string("payload")});
    out_->ack(in);
  }

 private:
  OutputCollector* out_ = nullptr;
  std::set<std::int64_t> failed_;
};

ComponentSettings upsert_settings(const std::string& url) {
  return ComponentSettings(nlohmann::json{{"url", url},
                                          {"table", "events"},
                                          {"fields", {"id", "payload"}},
                                          {"upsert.keys", {"id"}},
                                          {"batch.size", 1000}});
}

TopologyBuilder upsert_topology(std::shared_ptr<SpoutLog> log, std::int64_t rows, ComponentSettings sink) {
  TopologyBuilder b;
  b.set_spout("rows", [log, rows] { return std::make_unique<CountingSpout>(log, rows, true, true); });
  b.set_bolt("flaky", [] { return std::make_unique<FailEverySeventhOnce>(); }).shuffle_grouping("rows");
  b.set_bolt("sink", [sink] { return std::make_unique<bolts::JdbcSink>(sink); }).shuffle_grouping("flaky");
  return b;
}

Config upsert_config() {
  Config c;
  c.set(config_keys::kMaxSpoutPending, 5000);
  return c;
}

// Rows, distinct ids, the sum of ids, and rows whose payload is not their id's.
const std::string kTableCheck =
    "SELECT count(*), count(DISTINCT id), sum(id), sum(CASE WHEN payload = 'payload-' || id THEN 0 ELSE 1 END) FROM events";
const std::string kExpected100k = "100000|100000|4999950000|0\n";

/// Emits fixed rows (id, amount, note) with message ids; replays failures.
class RowsSpout : public Spout {
 public:
  RowsSpout(std::shared_ptr<SpoutLog> log, std::vector<Values> rows) : log_(std::move(log)), rows_(std::move(rows)) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "amount", "note"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    std::size_t i;
    if (!replay_.empty()) {
      i = replay_.back();
      replay_.pop_back();
    } else if (next_ < rows_.size()) {
      i = next_++;
    } else {
      return;
    }
    out_->emit(rows_[i], MessageId(static_cast<std::int64_t>(i)));
  }
  void ack(const MessageId& id) override {
    std::lock_guard l(log_->mutex);
    ++log_->acks[id.as_int()];
  }
  void fail(const MessageId& id, const FailureReason&) override {
    replay_.push_back(static_cast<std::size_t>(id.as_int()));
    std::lock_guard l(log_->mutex);
    ++log_->fails[id.as_int()];
  }
  bool exhausted() const override { return next_ >= rows_.size() && replay_.empty(); }

 private:
  std::shared_ptr<SpoutLog> log_;
  std::vector<Values> rows_;
  std::size_t next_ = 0;
  std::vector<std::size_t> replay_;
  SpoutOutputCollector* out_ = nullptr;
};

/// Writes a refused row and an injection attempt through JdbcSink into `notes`; returns the
/// metrics of the run.
MetricsSnapshot write_hostile_rows(const std::string& url, std::shared_ptr<SpoutLog> log, const TempDir& dir) {
  std::vector<Values> rows = {
      {std::int64_t{1}, "10", "fine"},
      {std::int64_t{2}, "ten", "a word where a number goes"},
      {std::int64_t{3}, "30", "'); DROP TABLE notes; --"},
      {std::int64_t{4}, "40", "Robert\"); DELETE FROM notes WHERE (\"1\" = \"1"},
  };
  TopologyBuilder b;
  b.set_spout("rows", [log, rows] { return std::make_unique<RowsSpout>(log, rows); });
  b.set_bolt("sink",
             [url] {
               return std::make_unique<bolts::JdbcSink>(ComponentSettings(nlohmann::json{
                   {"url", url}, {"insert.query", "INSERT INTO notes (id, amount, note) VALUES (?, ?, ?)"},
                   {"fields", {"id", "amount", "note"}}}));
             })
      .shuffle_grouping("rows");
  Config c;
  c.set(config_keys::kMaxReplays, 1);  // the refused row: tried twice, then given up (dead letter)
  c.set(config_keys::kDeadLetterFile, (dir.path() / "dead.jsonl").string());
  bool completed = false;
  auto metrics = run_until_complete(b, c, std::chrono::seconds(60), &completed);
  REQUIRE(completed);
  return metrics;
}

void check_hostile_outcome(const MetricsSnapshot& metrics, const std::shared_ptr<SpoutLog>& log, const TempDir& dir) {
  // Row index 1 (id 2) is failed, replayed, refused again and then given up (max replays 1).
  CHECK(log->fail_count(1) == 1);
  CHECK(log->total_fails() == 1);
  CHECK(read_text(dir.path() / "dead.jsonl").find("\"ten\"") != std::string::npos);
  const auto* sink = metrics.component("sink");
  REQUIRE(sink);
  REQUIRE_FALSE(sink->recent_errors.empty());
  CHECK(sink->recent_errors.back().message.find("[2, ten, a word where a number goes]") != std::string::npos);
  REQUIRE(sink->user_metric("jdbc_rows_refused"));
  CHECK(sink->user_metric("jdbc_rows_refused")->value == 2);
}

}  // namespace

TEST_CASE("statements: identifiers quoted, upserts by key, JDBC placeholders numbered outside quotes") {
  using namespace squall::sql;
  CHECK(quote_identifier("a\"b") == "\"a\"\"b\"");
  CHECK(quote_identifier("stats.hourly") == "\"stats\".\"hourly\"");
  CHECK(insert_statement(SqlDialect::postgresql, "t", {"k", "v"}, {"k"}) ==
        "INSERT INTO \"t\" (\"k\", \"v\") VALUES ($1, $2) ON CONFLICT (\"k\") DO UPDATE SET \"v\" = excluded.\"v\"");
  CHECK(insert_statement(SqlDialect::sqlite, "t", {"k"}, {"k"}) ==
        "INSERT INTO \"t\" (\"k\") VALUES (?1) ON CONFLICT (\"k\") DO NOTHING");
  CHECK_THROWS_AS(insert_statement(SqlDialect::sqlite, "t", {"k"}, {"x"}), TopologyError);
  auto q = number_placeholders(SqlDialect::postgresql, "SELECT '?', \"?\" FROM t WHERE a = ? -- ?\n AND b = ?");
  CHECK(q.sql == "SELECT '?', \"?\" FROM t WHERE a = $1 -- ?\n AND b = $2");
  CHECK(q.placeholders == 2);
  CHECK(redact_url("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db");
  CHECK(redact_url("host=h password=secret dbname=x") == "host=h password=*** dbname=x");
}

TEST_CASE("JdbcSink refuses settings it cannot honour, before the run") {
  auto make = [](nlohmann::json j) { return bolts::JdbcSink(ComponentSettings(std::move(j))); };
  CHECK_THROWS_AS(make({{"url", "sqlite:x.db"}}), SettingError);  // neither table nor query
  CHECK_THROWS_AS(make({{"url", "mysql://h/db"}, {"table", "t"}}), SettingError);
  CHECK_THROWS_AS(make({{"url", "sqlite:x.db"}, {"table", "t"}, {"fields", {"a"}}, {"upsert.keys", {"b"}}}),
                  SettingError);
  CHECK_THROWS_AS(make({{"url", "sqlite:x.db"}, {"insert.query", "INSERT INTO t VALUES (?, ?)"}, {"fields", {"a"}}}),
                  SettingError);
}

TEST_CASE("JdbcSink upserts 100,000 rows into SQLite, each exactly once through replays") {
  TempDir dir;
  auto db = dir.path() / "events.db";
  REQUIRE(sqlite_shell(db, "CREATE TABLE events (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)").empty());
  auto log = std::make_shared<SpoutLog>();
  bool completed = false;
  auto metrics = run_until_complete(upsert_topology(log, 100000, upsert_settings("sqlite:" + db.string())),
                                    upsert_config(), std::chrono::seconds(240), &completed);
  REQUIRE(completed);
  CHECK(log->total_fails() == 100000 / 7 + 1);  // ids 0, 7, 14, ... failed once each
  CHECK(log->distinct_acked() == 100000);
  CHECK(sqlite_shell(db, kTableCheck) == kExpected100k);
  CHECK(metrics.component("sink")->user_metric("jdbc_rows_written")->value >= 100000);
}

TEST_CASE("JdbcSink into SQLite: a refused row is failed with its reason; values are never SQL") {
  TempDir dir;
  auto db = dir.path() / "notes.db";
  REQUIRE(sqlite_shell(db, "CREATE TABLE notes (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, note TEXT) STRICT")
              .empty());
  auto log = std::make_shared<SpoutLog>();
  auto metrics = write_hostile_rows("sqlite:" + db.string(), log, dir);
  check_hostile_outcome(metrics, log, dir);
  CHECK(sqlite_shell(db, "SELECT id, amount, note FROM notes ORDER BY id") ==
        "1|10|fine\n3|30|'); DROP TABLE notes; --\n4|40|Robert\"); DELETE FROM notes WHERE (\"1\" = \"1\n");
}

TEST_CASE("JdbcSink into PostgreSQL: 100,000 upserts exactly once, the server stopped for 5 s mid-run") {
  TempDir dir;
  PostgresServer postgres(dir.path() / "postgres");
  postgres.psql("CREATE TABLE events (id BIGINT PRIMARY KEY, payload TEXT NOT NULL)");
  auto log = std::make_shared<SpoutLog>();
  auto config = upsert_config();
  config.set(config_keys::kProgressIntervalSecs, 0);
  LocalCluster cluster;
  cluster.submit_topology("pg", config, upsert_topology(log, 100000, upsert_settings(postgres.url())).create_topology());
  REQUIRE(eventually([&] { return std::stoi(postgres.psql("SELECT count(*) FROM events")) >= 10000; },
                     std::chrono::seconds(60), std::chrono::milliseconds(20)));
  postgres.stop();
  auto rows_at_stop = log->distinct_acked();
  std::this_thread::sleep_for(std::chrono::seconds(5));  // the outage itself, not a wait for a condition
  CHECK(log->distinct_acked() == rows_at_stop);          // nothing is acked that is not committed
  postgres.start();
  REQUIRE(cluster.wait_until_complete("pg", std::chrono::seconds(120)));
  auto metrics = cluster.kill_topology("pg");
  CHECK(log->distinct_acked() == 100000);
  CHECK(metrics.component("sink")->user_metric("jdbc_reconnects")->value >= 1);
  CHECK(postgres.psql(kTableCheck) == kExpected100k);
}

TEST_CASE("JdbcSink into PostgreSQL: a refused row is failed with its reason; values are never SQL") {
  TempDir dir;
  PostgresServer postgres(dir.path() / "postgres");
  postgres.psql("CREATE TABLE notes (id BIGINT PRIMARY KEY, amount INTEGER NOT NULL, note TEXT)");
  auto log = std::make_shared<SpoutLog>();
  auto metrics = write_hostile_rows(postgres.url(), log, dir);
  check_hostile_outcome(metrics, log, dir);
  CHECK(metrics.component("sink")->recent_errors.back().message.find("invalid input syntax for type integer") !=
        std::string::npos);
  CHECK(postgres.psql("SELECT id, amount, note FROM notes ORDER BY id") ==
        "1|10|fine\n3|30|'); DROP TABLE notes; --\n4|40|Robert\"); DELETE FROM notes WHERE (\"1\" = \"1\n");
}
