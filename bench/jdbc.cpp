// JdbcSink into PostgreSQL: rows/s at batch sizes 1, 100 and 1000 through a topology (a spout of
// rows (id, payload, amount), acking on → JdbcSink), against the limit: the same rows sent by a
// plain COPY ... FROM STDIN over libpq. PostgreSQL is Debian's, started by the benchmark in a temp
// dir (initdb, fsync off, 127.0.0.1); also SQLite at batch 1000.
//   bench_jdbc [RUNS [ROWS]]   prints one JSON object of medians.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "pipeline.hpp"
#include "squall/stores/sql/jdbc_sink.hpp"
#include "support/postgres_server.hpp"

using namespace squall;
using bench::median;

namespace {

std::string payload_of(std::int64_t id) { return fmt::format("payload-{:024d}", id); }

class RowSpout : public Spout {
 public:
  explicit RowSpout(std::int64_t count) : count_(count) {}
  void declare_output_fields(OutputFieldsDeclarer& d) const override { d.declare({"id", "payload", "amount"}); }
  void open(const TopologyContext&, SpoutOutputCollector& c) override { out_ = &c; }
  void next_tuple() override {
    if (next_ >= count_) return;
    out_->emit({next_, payload_of(next_), static_cast<double>(next_) * 0.5}, MessageId(next_));
    ++next_;
  }
  bool exhausted() const override { return next_ >= count_; }

 private:
  std::int64_t count_, next_ = 0;
  SpoutOutputCollector* out_ = nullptr;
};

const char* kCreate = "DROP TABLE IF EXISTS rows; CREATE TABLE rows (id BIGINT PRIMARY KEY, payload TEXT, amount DOUBLE PRECISION)";

/// Rows/s of one topology run into `url`; 0 when the table does not hold every row.
double sink_run(const std::string& url, std::int64_t rows, std::int64_t batch,
                const std::function<std::int64_t()>& count_rows) {
  TopologyBuilder b;
  b.set_spout("rows", [rows] { return std::make_unique<RowSpout>(rows); });
  b.set_bolt("sink",
             [url, batch] {
               return std::make_unique<bolts::JdbcSink>(ComponentSettings(nlohmann::json{
                   {"url", url}, {"table", "rows"}, {"batch.size", batch}, {"batch.ms", 50}}));
             })
      .shuffle_grouping("rows");
  Config c;
  c.set(config_keys::kProgressIntervalSecs, 0);
  c.set(config_keys::kMaxSpoutPending, std::max<std::int64_t>(4 * batch, 1000));
  auto [secs, metrics] = bench::run_to_completion(b, c);
  if (count_rows() != rows) {
    std::fprintf(stderr, "jdbc bench: the table holds %lld rows, expected %lld\n",
                 static_cast<long long>(count_rows()), static_cast<long long>(rows));
    return 0;
  }
  return static_cast<double>(rows) / secs;
}

/// Rows/s of COPY rows FROM STDIN (text format) over libpq: the fastest way in.
double copy_run(const std::string& url, std::int64_t rows) {
  PGconn* conn = PQconnectdb(url.c_str());
  auto start = bench::Clock::now();
  PQclear(PQexec(conn, "COPY rows (id, payload, amount) FROM STDIN"));
  std::string chunk;
  for (std::int64_t i = 0; i < rows; ++i) {
    chunk += fmt::format("{}\t{}\t{}\n", i, payload_of(i), static_cast<double>(i) * 0.5);
    if (chunk.size() > (1 << 16) || i + 1 == rows) {
      PQputCopyData(conn, chunk.data(), static_cast<int>(chunk.size()));
      chunk.clear();
    }
  }
  PQputCopyEnd(conn, nullptr);
  PGresult* r = PQgetResult(conn);
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  double secs = std::chrono::duration<double>(bench::Clock::now() - start).count();
  PQfinish(conn);
  return ok ? static_cast<double>(rows) / secs : 0;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  std::int64_t rows = argc > 2 ? std::max(1LL, std::atoll(argv[2])) : 100'000;
  std::int64_t rows_batch_1 = std::max<std::int64_t>(1, rows / 5);  // one transaction per row: fewer
  spdlog::set_level(spdlog::level::warn);
  test::TempDir dir;
  test::PostgresServer postgres(dir.path() / "postgres");
  auto pg_count = [&] { return std::stoll(postgres.psql("SELECT count(*) FROM rows")); };
  auto sqlite_db = dir.path() / "rows.db";
  auto sqlite_count = [&] { return std::stoll(test::sqlite_shell(sqlite_db, "SELECT count(*) FROM rows")); };

  std::map<std::string, std::vector<double>> all;
  for (int r = 0; r < runs; ++r) {
    for (std::int64_t batch : {1, 100, 1000}) {
      postgres.psql(kCreate);
      all[fmt::format("postgresql_batch_{}", batch)].push_back(
          sink_run(postgres.url(), batch == 1 ? rows_batch_1 : rows, batch, pg_count));
    }
    postgres.psql(kCreate);
    all["postgresql_copy"].push_back(copy_run(postgres.url(), rows));
    test::sqlite_shell(sqlite_db, kCreate);
    all["sqlite_batch_1000"].push_back(sink_run("sqlite:" + sqlite_db.string(), rows, 1000, sqlite_count));
  }
  nlohmann::json out{{"benchmark", "jdbc"},
                     {"shape", "spout of (id bigint, payload 32 chars, amount double), acking on -> JdbcSink "
                               "(table insert, one transaction per batch) on 127.0.0.1; PostgreSQL with fsync off"},
                     {"runs", runs},
                     {"rows", rows},
                     {"rows_at_batch_1", rows_batch_1}};
  for (const auto& [name, v] : all) out[name + "_rows_per_sec"] = median(v);
  out["batch_1000_vs_copy"] = median(all["postgresql_batch_1000"]) / median(all["postgresql_copy"]);
  out["all_runs"] = all;
  std::printf("%s\n", out.dump(2).c_str());
}
