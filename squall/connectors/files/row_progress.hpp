#pragma once
// Which rows of a CSV file a spout task has finished (acked), kept in a file so that the task,
// restarted in a new worker process, emits exactly the rows that were not finished.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

namespace squall::spouts {

/// The file is a journal, appended with write(2) so that it survives a killed process:
///
///     squall-csv-progress 1
///     done-below 41200        every row < 41200 is done
///     41203                   and these are done too (acked out of order)
///     41201
///     resume 41201 3306112 41203   row 41201 starts at byte 3306112, line 41203 of the CSV
///
/// Acks are buffered and written every 64 rows or 5 ms (flush_if_due) and on flush(): a worker
/// killed in between repeats at most those rows, which were in flight a moment before. When the
/// journal passes 100,000 lines it is rewritten (temporary file + rename) as `done-below` plus
/// the rows done above it.
class RowProgress {
 public:
  /// Opens `file`, reading what an earlier run finished; creates it (and its directory) when
  /// missing. Throws SettingError naming the file when it cannot be read, parsed or created.
  explicit RowProgress(std::filesystem::path file);
  ~RowProgress();
  RowProgress(const RowProgress&) = delete;
  RowProgress& operator=(const RowProgress&) = delete;

  bool done(std::int64_t row) const { return row < done_below_ || done_above_.contains(row); }
  /// The number of rows done according to the file when it was opened plus those marked since.
  std::int64_t done_count() const noexcept { return done_below_ + static_cast<std::int64_t>(done_above_.size()); }
  void mark_done(std::int64_t row);
  /// Where a restarted task starts reading: every row of this task before `row` is done, and
  /// `row` starts at byte `offset`, line `line` of the CSV file. Written with the next flush.
  void set_resume_point(std::int64_t row, std::uint64_t offset, std::uint64_t line);
  struct ResumePoint {
    std::int64_t row = 0;
    std::uint64_t offset = 0, line = 0;
  };
  /// The last resume point the file held when opened, or set since (nullopt: start at the top).
  const std::optional<ResumePoint>& resume_point() const noexcept { return resume_; }
  /// Writes the buffered rows if 64 are waiting or the oldest waited 5 ms.
  void flush_if_due();
  /// Writes the buffered rows now.
  void flush();
  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  void advance();
  void rewrite();
  std::filesystem::path file_;
  int fd_ = -1;
  std::int64_t done_below_ = 0;
  std::set<std::int64_t> done_above_;
  std::string buffer_;
  std::size_t buffered_rows_ = 0, journal_lines_ = 0;
  std::chrono::steady_clock::time_point oldest_buffered_;
  std::optional<ResumePoint> resume_;
  bool resume_changed_ = false;
};

}  // namespace squall::spouts
