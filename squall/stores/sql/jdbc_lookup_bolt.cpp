#include "squall/stores/sql/jdbc_lookup_bolt.hpp"

#include <algorithm>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "squall/api/config.hpp"
#include "squall/api/output_collector.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/topology_context.hpp"
#include "squall/stores/sql/sql_statements.hpp"

namespace squall::bolts {
namespace {
using Clock = std::chrono::steady_clock;
}

JdbcLookupBolt::JdbcLookupBolt(const Settings& s)
    : settings_(s),
      pass_fields_(s.pass_fields.empty() ? s.fields : s.pass_fields),
      nulls_when_missing_(s.on_missing == "nulls"),
      link_("JdbcLookupBolt", s.connection) {
  const sql::SqlDialect dialect = s.connection.check("JdbcLookupBolt");
  if (s.on_missing != "drop" && s.on_missing != "nulls")
    throw SettingError(fmt::format("JdbcLookupBolt: on.missing '{}' must be drop or nulls", s.on_missing));
  if (s.columns.empty()) throw SettingError("JdbcLookupBolt: 'columns' must name the query's result columns emitted");
  if (s.cache_ttl_ms < 0 || s.cache_max_entries < 0)
    throw SettingError("JdbcLookupBolt: cache.ttl.ms and cache.max.entries must be ≥ 0");
  auto numbered = sql::number_placeholders(dialect, s.select_query);
  if (numbered.placeholders != s.fields.size())
    throw SettingError(fmt::format("JdbcLookupBolt: select.query has {} placeholders for {} fields ({})", numbered.placeholders,
                                   s.fields.size(), fmt::join(s.fields, ", ")));
  query_ = std::move(numbered.sql);
}

JdbcLookupBolt::~JdbcLookupBolt() = default;

void JdbcLookupBolt::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  std::vector<std::string> fields = pass_fields_;
  fields.insert(fields.end(), settings_.columns.begin(), settings_.columns.end());
  declarer.declare(Fields(std::move(fields)));
  declarer.declare_stream(kErrorsStream, Fields{"reason", "values"});
}

void JdbcLookupBolt::prepare(const TopologyContext& context, OutputCollector& collector) {
  out_ = &collector;
  name_ = fmt::format("JdbcLookupBolt {} (task {})", context.component_id(), context.task_id());
  for (const auto& in : context.inputs())
    for (const auto* list : {&settings_.fields, &pass_fields_})
      for (const auto& f : *list)
        if (!in.fields.contains(f))
          throw TopologyError(fmt::format("{}: field '{}' is not in stream '{}' of '{}' (fields: {})", context.component_id(), f,
                                          in.stream, in.component, in.fields.to_string()));
  lookups_ = &context.register_counter("jdbc_lookups");
  cache_hits_ = &context.register_counter("jdbc_cache_hits");
  link_.start(name_, context.register_counter("jdbc_reconnects"));
  link_.get();
}

const std::vector<Values>* JdbcLookupBolt::lookup(const Values& params) {
  const bool caching = settings_.cache_ttl_ms > 0 && settings_.cache_max_entries > 0;
  std::string key = caching ? values_to_json_text(params) : std::string();
  auto now = Clock::now();
  if (caching) {
    if (auto it = cache_.find(key); it != cache_.end() && it->second.expires > now) {
      cache_hits_->inc();
      return &it->second.rows;
    }
  }
  sql::SqlConnection* connection = link_.get();
  if (!connection) return nullptr;  // waiting to reconnect
  auto result = connection->query(query_, params);
  lookups_->inc();
  std::vector<std::size_t> at;
  for (const auto& column : settings_.columns) {
    auto it = std::find(result.columns.begin(), result.columns.end(), column);
    if (it == result.columns.end())
      throw sql::SqlError(sql::SqlErrorKind::statement, fmt::format("select.query returns no column '{}' (it returns: {})", column,
                                                                   fmt::join(result.columns, ", ")));
    at.push_back(static_cast<std::size_t>(it - result.columns.begin()));
  }
  Answer answer{{}, now + std::chrono::milliseconds(settings_.cache_ttl_ms)};
  for (auto& row : result.rows) {
    Values picked;
    picked.reserve(at.size());
    for (auto i : at) picked.push_back(std::move(row[i]));
    answer.rows.push_back(std::move(picked));
  }
  if (!caching) {
    fresh_ = std::move(answer);
    return &fresh_.rows;
  }
  auto [it, fresh] = cache_.insert_or_assign(key, std::move(answer));
  if (fresh) {
    cache_order_.push_back(key);
    while (cache_order_.size() > static_cast<std::size_t>(settings_.cache_max_entries)) {
      cache_.erase(cache_order_.front());
      cache_order_.pop_front();
    }
  }
  return &it->second.rows;
}

void JdbcLookupBolt::execute(const Tuple& input) {
  if (!input.is_tick()) waiting_.push_back(input);
  else out_->ack(input);
  serve_waiting();
  // Too many inputs held while the server is away: stop taking more (backpressure) until it is
  // back, as JdbcSink does.
  while (waiting_.size() >= kMaxWaiting && !serve_waiting()) std::this_thread::sleep_until(link_.next_attempt());
}

bool JdbcLookupBolt::serve_waiting() {
  while (!waiting_.empty()) {
    if (!serve(waiting_.front())) {
      for (const auto& held : waiting_) out_->reset_timeout(held);  // held, not lost: no replay
      return false;
    }
    waiting_.pop_front();
  }
  return true;
}

bool JdbcLookupBolt::serve(const Tuple& input) {
  Values params;
  params.reserve(settings_.fields.size());
  for (const auto& f : settings_.fields) params.push_back(input.get(f));
  try {
    const auto* rows = lookup(params);
    if (!rows) return false;  // the server is away
    auto emit = [&](const Values* columns) {
      Values out;
      out.reserve(pass_fields_.size() + settings_.columns.size());
      for (const auto& f : pass_fields_) out.push_back(input.get(f));
      if (columns) out.insert(out.end(), columns->begin(), columns->end());
      else out.resize(out.size() + settings_.columns.size());
      out_->emit(input, std::move(out));
    };
    for (const auto& row : *rows) emit(&row);
    if (rows->empty() && nulls_when_missing_) emit(nullptr);
    out_->ack(input);
  } catch (const sql::SqlError& e) {
    switch (e.kind()) {
      case sql::SqlErrorKind::connection:
        link_.lost(e, fmt::format("holding {} inputs", waiting_.size()));
        return false;
      case sql::SqlErrorKind::data: {
        auto reason = fmt::format("lookup of {} refused: {}", values_to_json_text(params), e.what());
        out_->report_error(fmt::format("{}: {}", name_, reason));
        out_->emit(kErrorsStream, input, {reason, values_to_json_text(input.values())});
        out_->ack(input);
        break;
      }
      case sql::SqlErrorKind::statement:
        out_->report_error(fmt::format("{}: {}", name_, e.what()));
        out_->fail(input);
        break;
    }
  }
  return true;
}

void JdbcLookupBolt::cleanup() {
  link_.retry_now();
  serve_waiting();
  for (const auto& held : waiting_) out_->fail(held);
  waiting_.clear();
  link_.close();
}

Config JdbcLookupBolt::component_configuration() const {
  Config c;
  c.set(config_keys::kTickTupleFreqSecs, 0.1);  // serves held inputs once the server is back
  return c;
}

void JdbcLookupBolt::register_in(ComponentRegistry& registry) {
  registry.add_bolt<JdbcLookupBolt>({
      .class_name = "squall.bolts.JdbcLookupBolt",
      .aliases = {"JdbcLookupBolt"},
      .description = "enriches each tuple with the rows a query finds for it in PostgreSQL or SQLite (cached with a TTL)",
  });
}

}  // namespace squall::bolts
