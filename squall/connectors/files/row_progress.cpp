#include "squall/connectors/files/row_progress.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include "squall/api/registry/component_settings.hpp"

namespace squall::spouts {

namespace {
constexpr std::string_view kHeader = "squall-csv-progress 1";

std::string resume_line(const RowProgress::ResumePoint& p) { return fmt::format("resume {} {} {}\n", p.row, p.offset, p.line); }
constexpr std::size_t kCompactAfterLines = 10000;  // keeps the file small enough to mirror in ZooKeeper (cluster mode)

void write_all(int fd, std::string_view text, const std::filesystem::path& file) {
  while (!text.empty()) {
    auto n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw SettingError(fmt::format("CsvSpout progress file '{}': {}", file.string(), std::strerror(errno)));
    text.remove_prefix(static_cast<std::size_t>(n));
  }
}
}  // namespace

RowProgress::RowProgress(std::filesystem::path file) : file_(std::move(file)) {
  if (std::ifstream in(file_, std::ios::binary); in) {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Only lines ending in '\n' count: a line cut short (by a crash of the machine; a killed
    // process completes its write) could read as another row number.
    text.erase(text.find_last_of('\n') == std::string::npos ? 0 : text.find_last_of('\n') + 1);
    std::size_t number = 0, start = 0;
    while (start < text.size()) {
      auto end = text.find('\n', start);
      std::string line = text.substr(start, end - start);
      start = end + 1;
      if (++number == 1) {
        if (line != kHeader)
          throw SettingError(fmt::format("CsvSpout progress file '{}' does not start with '{}'; delete it to start over",
                                         file_.string(), kHeader));
        continue;
      }
      if (line.rfind("resume ", 0) == 0) {
        unsigned long long offset = 0, at_line = 0;
        long long row = 0;
        if (std::sscanf(line.c_str(), "resume %lld %llu %llu", &row, &offset, &at_line) != 3 || row < 0)
          throw SettingError(fmt::format("CsvSpout progress file '{}' line {}: '{}' is not a resume point; delete the "
                                         "file to start over", file_.string(), number, line));
        resume_ = ResumePoint{row, offset, at_line};
        continue;
      }
      bool below = line.rfind("done-below ", 0) == 0;
      const char* digits = line.c_str() + (below ? 11 : 0);
      char* rest = nullptr;
      errno = 0;
      long long value = std::strtoll(digits, &rest, 10);
      if (errno || rest == digits || *rest != '\0' || value < 0)
        throw SettingError(fmt::format("CsvSpout progress file '{}' line {}: '{}' is not a row number; delete the file "
                                       "to start over", file_.string(), number, line));
      if (below) done_below_ = std::max<std::int64_t>(done_below_, value);
      else done_above_.insert(value);
    }
  }
  advance();
  std::filesystem::create_directories(file_.parent_path().empty() ? "." : file_.parent_path());
  rewrite();  // a compact start, without any partial last line
}

RowProgress::~RowProgress() {
  try {
    flush();
  } catch (const std::exception&) {
  }
  if (fd_ >= 0) ::close(fd_);
}

void RowProgress::advance() {
  while (!done_above_.empty() && *done_above_.begin() <= done_below_) {
    if (*done_above_.begin() == done_below_) ++done_below_;
    done_above_.erase(done_above_.begin());
  }
}

void RowProgress::mark_done(std::int64_t row) {
  if (done(row)) return;
  done_above_.insert(row);
  advance();
  if (buffer_.empty()) oldest_buffered_ = std::chrono::steady_clock::now();
  buffer_ += fmt::format("{}\n", row);
  ++buffered_rows_;
}

void RowProgress::set_resume_point(std::int64_t row, std::uint64_t offset, std::uint64_t line) {
  if (resume_ && resume_->row == row) return;
  resume_ = ResumePoint{row, offset, line};
  resume_changed_ = true;
}

void RowProgress::flush_if_due() {
  if (buffer_.empty()) return;
  if (buffered_rows_ >= 64 || std::chrono::steady_clock::now() - oldest_buffered_ >= std::chrono::milliseconds(5)) flush();
}

void RowProgress::flush() {
  if (buffer_.empty()) return;
  if (resume_changed_) {
    buffer_ += resume_line(*resume_);
    ++buffered_rows_;
    resume_changed_ = false;
  }
  write_all(fd_, buffer_, file_);
  journal_lines_ += buffered_rows_;
  buffer_.clear();
  buffered_rows_ = 0;
  if (journal_lines_ > kCompactAfterLines) rewrite();
}

void RowProgress::rewrite() {
  std::string text = fmt::format("{}\ndone-below {}\n", kHeader, done_below_);
  for (auto row : done_above_) text += fmt::format("{}\n", row);
  if (resume_) text += resume_line(*resume_);
  auto temporary = file_;
  temporary += ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw SettingError(fmt::format("CsvSpout progress file '{}': {}", temporary.string(), std::strerror(errno)));
  write_all(fd, text, temporary);
  ::close(fd);
  std::filesystem::rename(temporary, file_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = ::open(file_.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw SettingError(fmt::format("CsvSpout progress file '{}': {}", file_.string(), std::strerror(errno)));
  journal_lines_ = done_above_.size() + 1;
}

}  // namespace squall::spouts
