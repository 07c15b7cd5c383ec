#include "squall/formats/csv/csv_reader.hpp"

namespace squall::spouts {

CsvReader::CsvReader(std::string_view text, char delimiter, char quote) : text_(text), delimiter_(delimiter), quote_(quote) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = 3;  // UTF-8 byte order mark
}

std::optional<CsvRecord> CsvReader::next() {
  // Skip blank lines.
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return std::nullopt;
  CsvRecord record;
  record.line = line_;
  const std::size_t start = pos_;
  std::string field;
  bool quoted = false;        // inside a quoted field
  bool was_quoted = false;    // the current field started with a quote
  bool after_quote = false;   // just closed a quoted field: only a delimiter or the end may follow
  auto end_record = [&](std::size_t end) {
    record.fields.push_back(std::move(field));
    record.raw = text_.substr(start, end - start);
    if (!record.raw.empty() && record.raw.back() == '\r') record.raw.remove_suffix(1);
  };
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (quoted) {
      if (c == quote_) {
        if (pos_ + 1 < text_.size() && text_[pos_ + 1] == quote_) {
          field += quote_;
          pos_ += 2;
          continue;
        }
        quoted = false;
        after_quote = true;
      } else {
        if (c == '\n') ++line_;
        field += c;
      }
      ++pos_;
      continue;
    }
    if (c == '\n' || (c == '\r' && (pos_ + 1 == text_.size() || text_[pos_ + 1] == '\n'))) {
      end_record(pos_);
      pos_ += c == '\r' ? 2 : 1;
      ++line_;
      return record;
    }
    if (c == delimiter_) {
      record.fields.push_back(std::move(field));
      field.clear();
      was_quoted = after_quote = false;
    } else if (c == quote_ && field.empty() && !was_quoted) {
      quoted = was_quoted = true;
    } else if (after_quote || c == quote_) {
      if (record.error.empty())
        record.error = after_quote ? "text after a closing quote" : "a quote inside an unquoted field";
      field += c;
    } else {
      field += c;
    }
    ++pos_;
  }
  if (quoted) record.error = "a quoted field is not closed before the end of the file";
  end_record(pos_);
  return record;
}

}  // namespace squall::spouts
