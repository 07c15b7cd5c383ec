// The database example topologies, as users run them: topologies/access_log_hourly_counts.yaml
// writes requests per hour per method and URL into PostgreSQL and SQLite, and the tables equal a
// brute-force count of the log.

#include <doctest/doctest.h>

#include <random>
#include <sstream>

#include "support/example_topologies.hpp"
#include "support/postgres_server.hpp"

using namespace test;

namespace {

/// An access log of `lines` requests over about five hours of 2024-03-01 (from 10:00 UTC), in
/// time order, with two malformed lines; and its brute-force counts, "hour_ms|method|url" →
/// requests, as the tables list them.
struct GeneratedLog {
  std::string text;
  std::map<std::string, std::int64_t> counts;
};

GeneratedLog generate_log(int lines) {
  GeneratedLog log;
  std::mt19937 random(7);
  const char* methods[] = {"GET", "POST", "DELETE"};
  const char* urls[] = {"/", "/cart", "/checkout", "/search?q=a%27b", "/item/1", "/item/2", "/login", "/logout"};
  const std::int64_t start_s = 1709287200;  // 2024-03-01 10:00:00 UTC
  std::int64_t t = start_s;
  std::ostringstream out;
  for (int i = 0; i < lines; ++i) {
    t += random() % 7;  // 3.5 s apart on average: ~5 hours
    const char* method = methods[random() % 3];
    const char* url = urls[random() % 8];
    int hour = static_cast<int>((t - start_s) / 3600) + 10, minute = static_cast<int>(t / 60 % 60),
        second = static_cast<int>(t % 60);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "01/Mar/2024:%02d:%02d:%02d +0000", hour, minute, second);
    out << "10.0.0." << random() % 20 << " - - [" << stamp << "] \"" << method << " " << url << " HTTP/1.1\" 200 "
        << random() % 5000 << " \"-\" \"test\"\n";
    ++log.counts[std::to_string(t / 3600 * 3600 * 1000) + "|" + method + "|" + url];
    if (i == 100 || i == 2000) out << "this is not a request line\n";
  }
  log.text = out.str();
  return log;
}

std::string as_rows(const std::map<std::string, std::int64_t>& counts) {
  std::string rows;
  for (const auto& [key, n] : counts) rows += key + "|" + std::to_string(n) + "\n";
  return rows;
}

const std::string kHourlyRows = "SELECT hour_start_ms || '|' || method || '|' || url || '|' || requests FROM hourly_requests";

/// `text`'s lines in byte order (each database sorts text by its own collation).
std::string sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

TEST_CASE("hourly counts of an access log, upserted into PostgreSQL, equal a brute-force count") {
  TempDir dir;
  auto log = generate_log(5000);
  std::filesystem::create_directories(dir.path() / "logs");
  dir.write("logs/access.log", log.text);
  PostgresServer postgres(dir.path() / "postgres");
  REQUIRE(run_loaded(load_example("access_log_hourly_counts.yaml",
                                  {{"log.dir", (dir.path() / "logs").string()}, {"database.url", postgres.url()}}),
                     std::chrono::seconds(120)));
  CHECK(log.counts.size() > 100);  // 5 or 6 hours × 3 methods × 8 URLs
  CHECK(sorted_lines(postgres.psql(kHourlyRows)) == sorted_lines(as_rows(log.counts)));
}

TEST_CASE("hourly counts into SQLite, the default, at a relative path from the working directory") {
  TempDir dir;
  auto log = generate_log(3000);
  std::filesystem::create_directories(dir.path() / "logs");
  dir.write("logs/access.log", log.text);
  auto previous = std::filesystem::current_path();
  std::filesystem::current_path(dir.path());
  bool done = run_loaded(load_example("access_log_hourly_counts.yaml", {{"log.dir", "logs"}}), std::chrono::seconds(120));
  std::filesystem::current_path(previous);
  REQUIRE(done);
  auto out = sqlite_shell(dir.path() / "hourly_counts.db", kHourlyRows);
  CHECK(sorted_lines(out) == sorted_lines(as_rows(log.counts)));
}
