#include "squall/stores/sql/sql_statements.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace squall::sql {

namespace {

std::string placeholder(SqlDialect dialect, std::size_t n) {
  return fmt::format("{}{}", dialect == SqlDialect::postgresql ? '$' : '?', n);
}

}  // namespace

std::string quote_identifier(std::string_view name) {
  std::string out;
  std::size_t start = 0;
  for (;;) {
    auto dot = name.find('.', start);
    std::string_view part = name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    out += '"';
    for (char c : part) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    if (dot == std::string_view::npos) return out;
    out += '.';
    start = dot + 1;
  }
}

std::string insert_statement(SqlDialect dialect, std::string_view table, const std::vector<std::string>& columns,
                             const std::vector<std::string>& key_columns) {
  if (columns.empty()) throw TopologyError(fmt::format("table {}: no columns to write", table));
  std::vector<std::string> quoted, values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    quoted.push_back(quote_identifier(columns[i]));
    values.push_back(placeholder(dialect, i + 1));
  }
  std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", quote_identifier(table), fmt::join(quoted, ", "),
                                fmt::join(values, ", "));
  if (key_columns.empty()) return sql;
  std::vector<std::string> keys, updates;
  for (const auto& k : key_columns) {
    if (std::find(columns.begin(), columns.end(), k) == columns.end())
      throw TopologyError(fmt::format("table {}: upsert key '{}' is not among the columns written ({})", table, k,
                                      fmt::join(columns, ", ")));
    keys.push_back(quote_identifier(k));
  }
  for (const auto& c : columns)
    if (std::find(key_columns.begin(), key_columns.end(), c) == key_columns.end())
      updates.push_back(fmt::format("{0} = excluded.{0}", quote_identifier(c)));
  if (updates.empty()) return fmt::format("{} ON CONFLICT ({}) DO NOTHING", sql, fmt::join(keys, ", "));
  return fmt::format("{} ON CONFLICT ({}) DO UPDATE SET {}", sql, fmt::join(keys, ", "), fmt::join(updates, ", "));
}

NumberedQuery number_placeholders(SqlDialect dialect, std::string_view query) {
  NumberedQuery out;
  char quote = 0;  // inside '...', "..." or a -- comment ('-')
  for (std::size_t i = 0; i < query.size(); ++i) {
    char c = query[i];
    if (quote == '-') {
      if (c == '\n') quote = 0;
    } else if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '-' && i + 1 < query.size() && query[i + 1] == '-') {
      quote = '-';
    } else if ((c == '?' || c == '$') && i + 1 < query.size() && std::isdigit(static_cast<unsigned char>(query[i + 1]))) {
      // already numbered: count the highest number
      std::size_t j = i + 1, n = 0;
      while (j < query.size() && std::isdigit(static_cast<unsigned char>(query[j]))) n = n * 10 + (query[j++] - '0');
      out.placeholders = std::max(out.placeholders, n);
      out.sql.append(query.substr(i, j - i));
      i = j - 1;
      continue;
    } else if (c == '?') {
      out.sql += placeholder(dialect, ++out.placeholders);
      continue;
    }
    out.sql += c;
  }
  return out;
}

}  // namespace squall::sql
