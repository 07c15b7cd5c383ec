#include "squall/connectors/files/csv_file_stream.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "squall/api/registry/component_settings.hpp"

namespace squall::spouts {

CsvFileStream::CsvFileStream(const std::string& path, char delimiter, char quote)
    : path_(path), delimiter_(delimiter), quote_(quote) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw SettingError(fmt::format("CsvSpout: cannot read '{}': not a regular file", path));
  file_ = std::fopen(path.c_str(), "rb");
  if (!file_) throw SettingError(fmt::format("CsvSpout: cannot read '{}': {}", path, std::strerror(errno)));
  seek(0, 1);
}

CsvFileStream::~CsvFileStream() {
  if (file_) std::fclose(file_);
}

void CsvFileStream::seek(std::uint64_t offset, std::size_t line) {
  if (std::fseek(file_, static_cast<long>(offset), SEEK_SET) != 0)
    throw SettingError(fmt::format("CsvSpout: cannot seek '{}' to byte {}: {}", path_, offset, std::strerror(errno)));
  buffer_.clear();
  base_ = offset;
  eof_ = false;
  reader_ = CsvReader(buffer_, delimiter_, quote_);
  reader_.seek(0, line);
}

bool CsvFileStream::fill() {
  if (eof_) return false;
  std::size_t old = buffer_.size();
  buffer_.resize(old + kChunkBytes);
  std::size_t n = std::fread(buffer_.data() + old, 1, kChunkBytes, file_);
  buffer_.resize(old + n);
  if (n < kChunkBytes) eof_ = true;
  return n > 0;
}

std::optional<CsvRecord> CsvFileStream::next() {
  for (;;) {
    std::size_t start = reader_.offset(), line = reader_.line();
    // Drop what was consumed, so the buffer holds at most the current record and a chunk.
    if (start > kChunkBytes) {
      buffer_.erase(0, start);
      base_ += start;
      start = 0;
    }
    reader_ = CsvReader(buffer_, delimiter_, quote_);
    reader_.seek(start, line);
    auto record = reader_.next();
    // A record that reaches the end of what was read may continue in the next chunk.
    bool complete = eof_ || (record && reader_.offset() < buffer_.size());
    if (complete) return record;
    if (buffer_.size() - start > kMaxRecordBytes) {
      // No end in sight (an unclosed quote): report it and go on after its first line.
      auto newline = buffer_.find('\n', start);
      std::size_t skip_to = newline == std::string::npos ? buffer_.size() : newline + 1;
      reader_.seek(skip_to, line + 1);
      CsvRecord bad;
      bad.line = line;
      bad.error = fmt::format("record longer than {} bytes (an unclosed quote?)", kMaxRecordBytes);
      bad.raw = std::string_view(buffer_).substr(start, std::min<std::size_t>(200, skip_to - start));
      return bad;
    }
    reader_.seek(start, line);
    fill();
  }
}

}  // namespace squall::spouts
