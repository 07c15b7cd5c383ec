#pragma once
// CSV records read from a file in chunks, so that a spout's memory does not grow with the file
// (a 229 MB file once cost 484 MB of RSS) and a restarted task seeks to where it was.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "squall/formats/csv/csv_reader.hpp"

namespace squall::spouts {

/// Reads `path` 1 MiB at a time through CsvReader. A record is handed out only once the chunk
/// holds all of it (a record may span chunks); one longer than kMaxRecordBytes (an unclosed
/// quote, say) is returned as a malformed record and reading resumes at the next line.
/// Positions are byte offsets in the file, so seek() is O(1).
class CsvFileStream {
 public:
  static constexpr std::size_t kChunkBytes = 1u << 20;
  static constexpr std::size_t kMaxRecordBytes = 16u << 20;

  /// Opens the file; throws SettingError naming it when it cannot be read or is not a regular file.
  CsvFileStream(const std::string& path, char delimiter, char quote);
  ~CsvFileStream();
  CsvFileStream(const CsvFileStream&) = delete;
  CsvFileStream& operator=(const CsvFileStream&) = delete;

  /// The next record, or nullopt at the end of the file. `raw` stays valid until the next call.
  std::optional<CsvRecord> next();
  /// The byte offset and line of the next record: a position for seek().
  std::uint64_t offset() const noexcept { return base_ + reader_.offset(); }
  std::size_t line() const noexcept { return reader_.line(); }
  /// Continues at `offset` (a value offset() returned), counting lines from `line`.
  void seek(std::uint64_t offset, std::size_t line);

 private:
  bool fill();  // appends a chunk; false at the end of the file

  std::string path_;
  char delimiter_, quote_;
  std::FILE* file_ = nullptr;
  std::string buffer_;   // file bytes from base_
  std::uint64_t base_ = 0;
  bool eof_ = false;
  CsvReader reader_{std::string_view(), ',', '"'};
};

}  // namespace squall::spouts
