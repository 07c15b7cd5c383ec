#pragma once
// An RFC 4180 CSV record reader over text in memory: quoted fields with doubled quotes and line
// breaks, CRLF or LF endings, a final record without a newline. A malformed record is returned as
// an error with its line, and reading continues at the next line.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace squall::spouts {

/// One record: its fields, or why it is malformed; `line` is where it starts (from 1).
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
  std::string error;  ///< empty when the record is well formed
  std::string_view raw;
};

class CsvReader {
 public:
  /// `text` must outlive the reader. `delimiter` and `quote` are single characters.
  CsvReader(std::string_view text, char delimiter = ',', char quote = '"');

  /// The next record, or nullopt at the end. Blank lines are skipped.
  std::optional<CsvRecord> next();
  /// Byte offset of the next record: a position to come back to with seek().
  std::size_t offset() const noexcept { return pos_; }
  std::size_t line() const noexcept { return line_; }
  void seek(std::size_t offset, std::size_t line) noexcept { pos_ = offset, line_ = line; }

 private:
  std::string_view text_;
  char delimiter_;
  char quote_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
};

}  // namespace squall::spouts
