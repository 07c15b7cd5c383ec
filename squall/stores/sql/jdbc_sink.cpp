#include "squall/stores/sql/jdbc_sink.hpp"

#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "squall/api/output_collector.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/stores/sql/sql_statements.hpp"

namespace squall::bolts {

namespace {
using Clock = std::chrono::steady_clock;
}

JdbcSink::JdbcSink(const Settings& s)
    : settings_(s), dialect_(s.connection.check("JdbcSink")), link_("JdbcSink", s.connection) {
  if (s.table.empty() == s.insert_query.empty())
    throw SettingError("JdbcSink: set exactly one of 'table' (rows into a table) and 'insert.query' (an INSERT with ? "
                       "placeholders)");
  if (!s.insert_query.empty() && (!s.columns.empty() || !s.upsert_keys.empty()))
    throw SettingError("JdbcSink: 'columns' and 'upsert.keys' go with 'table'; an insert.query says its own (write "
                       "ON CONFLICT in it)");
  if (!s.insert_query.empty() && s.fields.empty())
    throw SettingError("JdbcSink: with 'insert.query', list the 'fields' bound to its placeholders, in order");
  if (!s.columns.empty() && s.columns.size() != s.fields.size())
    throw SettingError(fmt::format("JdbcSink: {} columns for {} fields: 'columns' names one column per field",
                                   s.columns.size(), s.fields.size()));
  if (s.batch_size < 1 || s.batch_ms < 1) throw SettingError("JdbcSink: batch.size and batch.ms must be ≥ 1");
  if (!s.insert_query.empty()) {
    auto numbered = sql::number_placeholders(dialect_, s.insert_query);
    if (numbered.placeholders != s.fields.size())
      throw SettingError(fmt::format("JdbcSink: insert.query has {} placeholders for {} fields", numbered.placeholders,
                                     s.fields.size()));
    numbered_query_ = std::move(numbered.sql);
  } else if (!s.fields.empty()) {
    statement_for(s.fields);  // a bad upsert key fails the submit, not the first tuple
  }
}

JdbcSink::~JdbcSink() = default;

const std::string& JdbcSink::statement_for(const std::vector<std::string>& fields) {
  if (!numbered_query_.empty()) return numbered_query_;
  auto it = statements_.find(fields);
  if (it != statements_.end()) return it->second;
  try {
    auto sql = sql::insert_statement(dialect_, settings_.table, settings_.columns.empty() ? fields : settings_.columns,
                                     settings_.upsert_keys);
    return statements_.emplace(fields, std::move(sql)).first->second;
  } catch (const TopologyError& e) {
    throw SettingError(std::string("JdbcSink: ") + e.what());
  }
}

void JdbcSink::prepare(const TopologyContext& context, OutputCollector& collector) {
  out_ = &collector;
  name_ = fmt::format("JdbcSink {} (task {})", context.component_id(), context.task_id());
  written_ = &context.register_counter("jdbc_rows_written");
  refused_ = &context.register_counter("jdbc_rows_refused");
  link_.start(name_, context.register_counter("jdbc_reconnects"));
  link_.get();
}

void JdbcSink::lost_connection(const sql::SqlError& e) {
  link_.lost(e, fmt::format("holding {} rows", rows_.size()));
  for (const auto& row : rows_) out_->reset_timeout(row.input);  // held, not lost: no replay yet
}

void JdbcSink::execute(const Tuple& input) {
  if (!input.is_tick()) {
    Values params;
    const std::vector<std::string>& fields = settings_.fields.empty() ? input.fields().names() : settings_.fields;
    try {
      const std::string& sql = statement_for(fields);
      params.reserve(fields.size());
      for (const auto& f : fields) params.push_back(input.get(f));
      if (rows_.empty()) oldest_ = Clock::now();
      rows_.push_back(Row{input, std::move(params), &sql});
    } catch (const Error& e) {
      out_->report_error(fmt::format("{}: {}", name_, e.what()));
      out_->fail(input);
    }
  } else {
    out_->ack(input);
  }
  auto full = static_cast<std::size_t>(settings_.batch_size);
  bool due = !rows_.empty() && (rows_.size() >= full || Clock::now() - oldest_ >= std::chrono::milliseconds(settings_.batch_ms));
  if (due) flush();
  // Too much held while the server is away: stop taking input (backpressure) until it is back.
  while (rows_.size() >= 4 * full && !flush()) std::this_thread::sleep_until(link_.next_attempt());
}

bool JdbcSink::flush() {
  while (!rows_.empty()) {
    sql::SqlConnection* connection = link_.get();
    if (!connection) return false;
    std::size_t at = sql::SqlError::kNoRow;
    try {
      connection->begin();
      std::vector<sql::BoundStatement> statements;
      statements.reserve(rows_.size());
      for (const auto& row : rows_) statements.push_back({row.sql, &row.params});
      connection->execute_many(statements);
      connection->commit();
    } catch (const sql::SqlError& e) {
      at = e.row();
      connection->rollback();
      if (e.kind() == sql::SqlErrorKind::connection) {
        lost_connection(e);
        return false;
      }
      if (e.kind() == sql::SqlErrorKind::data && at < rows_.size()) {
        refused_->inc();
        out_->report_error(fmt::format("{}: row {} refused: {}", name_, to_string(rows_[at].params), e.what()));
        out_->fail(rows_[at].input);
        rows_.erase(rows_.begin() + static_cast<std::ptrdiff_t>(at));
        continue;  // the batch without it
      }
      out_->report_error(fmt::format("{}: {} rows not written: {}", name_, rows_.size(), e.what()));
      for (const auto& row : rows_) out_->fail(row.input);
      refused_->inc(rows_.size());
      rows_.clear();
      return true;
    }
    for (const auto& row : rows_) out_->ack(row.input);
    written_->inc(rows_.size());
    rows_.clear();
  }
  return true;
}

void JdbcSink::cleanup() {
  link_.retry_now();
  flush();
  for (const auto& row : rows_) out_->fail(row.input);
  rows_.clear();
  link_.close();
}

Config JdbcSink::component_configuration() const {
  Config c;
  c.set(config_keys::kTickTupleFreqSecs, static_cast<double>(std::min<std::int64_t>(settings_.batch_ms, 100)) / 1000.0);
  return c;
}

void JdbcSink::register_in(ComponentRegistry& registry) {
  registry.add_bolt<JdbcSink>({
      .class_name = "squall.bolts.JdbcSink",
      .aliases = {"JdbcSink"},
      .description = "writes tuples as rows of a PostgreSQL or SQLite table (insert or upsert), batched in "
                     "transactions; acks each input after COMMIT",
  });
}

}  // namespace squall::bolts
