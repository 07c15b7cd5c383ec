#include "squall/connectors/files/csv_spout.hpp"

#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "squall/api/config.hpp"
#include "squall/api/output_fields_declarer.hpp"
#include "squall/api/spout_output_collector.hpp"
#include "squall/api/stream_ids.hpp"
#include "squall/api/topology_context.hpp"

namespace squall::spouts {

namespace {

char single_char(const std::string& s, const char* key) {
  if (s == "\\t" || s == "tab") return '\t';
  if (s.size() != 1) throw SettingError(fmt::format("CsvSpout: '{}' must be one character, got '{}'", key, s));
  return s[0];
}

}  // namespace

CsvSpout::CsvSpout(const Settings& settings)
    : path_(settings.path),
      header_(settings.header),
      fields_(settings.fields),
      delimiter_(single_char(settings.delimiter, "delimiter")),
      quote_(single_char(settings.quote, "quote")),
      loop_(settings.loop),
      start_row_(settings.start_row),
      progress_file_(settings.progress_file),
      rate_(settings.rows_per_second) {
  CsvFileStream reader(path_, delimiter_, quote_);  // the header only: the rows are read in open()
  if (header_) {
    auto head = reader.next();
    if (!head || !head->error.empty())
      throw SettingError(fmt::format("CsvSpout: '{}' has no readable header row{}", path_, head ? ": " + head->error : ""));
    if (fields_.empty()) fields_ = head->fields;
    else if (fields_.size() != head->fields.size())
      throw SettingError(fmt::format("CsvSpout: 'fields' names {} fields but the header of '{}' has {}", fields_.size(),
                                     path_, head->fields.size()));
  }
  if (fields_.empty()) throw SettingError("CsvSpout: without a header row, 'fields' must name the columns");
  data_offset_ = reader.offset();
  data_line_ = reader.line();
  types_ = field_types_from(settings.types, fields_, "CsvSpout");
}

void CsvSpout::declare_output_fields(OutputFieldsDeclarer& declarer) const {
  declarer.declare(Fields(fields_));
  declarer.declare_stream(kErrorsStream, Fields{"file", "line", "reason", "record"});
}

void CsvSpout::open(const TopologyContext& context, SpoutOutputCollector& collector) {
  collector_ = &collector;
  malformed_rows_ = &context.register_counter("malformed_rows");
  task_index_ = context.task_index();
  tasks_ = context.component_parallelism();
  reader_ = std::make_unique<CsvFileStream>(path_, delimiter_, quote_);
  reader_->seek(data_offset_, data_line_);
  std::string progress = progress_file_;
  if (!progress.empty() && tasks_ > 1) progress += fmt::format(".task-{}", task_index_);
  if (progress.empty()) progress = context.task_state_file("csv-progress");
  if (!progress.empty() && !loop_) {
    progress_ = std::make_unique<RowProgress>(progress);
    if (const auto& resume = progress_->resume_point(); resume && resume->offset >= data_offset_) {
      reader_->seek(resume->offset, resume->line);  // no re-reading of the rows before it
      next_row_ = resume->row;
    }
    if (progress_->done_count() > 0)
      spdlog::info("CsvSpout {}: {} rows already done according to {}; emitting the rest from row {}", path_,
                   progress_->done_count(), progress, next_row_);
  }
  rate_.start();
}

void CsvSpout::close() {
  if (progress_) progress_->flush();
}

void CsvSpout::next_tuple() {
  if (progress_) progress_->flush_if_due();
  if (!rate_.ready()) return;
  if (!replay_.empty()) {
    std::int64_t row = replay_.front();
    replay_.pop_front();
    auto it = pending_.find(row);
    if (it != pending_.end()) {
      collector_->emit(it->second.values, MessageId(row));
      rate_.sent();
    }
    return;
  }
  // Rows that are skipped (other tasks', done before a restart, before start.row) cost no extra
  // call: up to 100,000 of them per call (a call returns in milliseconds, so the executor still
  // handles its acks), where 16 per call and a 1 ms sleep made a resume at 900,000 rows take 68 s.
  for (int i = 0; i < 100000 && !at_end_; ++i)
    if (read_next_row()) return;
}

/// Reads one record; returns true when it emitted something.
bool CsvSpout::read_next_row() {
  std::uint64_t offset = reader_->offset(), line = reader_->line();
  auto record = reader_->next();
  if (!record) {
    if (!loop_) {
      at_end_ = true;
      return false;
    }
    reader_->seek(data_offset_, data_line_);
    record = reader_->next();
    if (!record) {
      at_end_ = true;
      return false;
    }
  }
  std::int64_t row = next_row_++;
  if (row < start_row_ || row % tasks_ != task_index_) return false;  // tasks share the file by row
  if (progress_ && progress_->done(row)) return false;                  // finished before a restart
  std::string reason = record->error;
  Values values;
  if (reason.empty() && record->fields.size() != fields_.size())
    reason = fmt::format("{} fields, expected {}", record->fields.size(), fields_.size());
  if (reason.empty()) {
    values.reserve(fields_.size());
    for (std::size_t i = 0; i < fields_.size() && reason.empty(); ++i) {
      Value v;
      std::string problem = parse_typed_field(record->fields[i], types_[i], v);
      if (!problem.empty()) reason = fmt::format("field '{}': {}", fields_[i], problem);
      values.push_back(std::move(v));
    }
  }
  if (!reason.empty()) {
    malformed_rows_->inc();
    // One log line (report_error's, rate-limited there), the row on "errors" and a count.
    collector_->emit(kErrorsStream, {path_, static_cast<std::int64_t>(record->line), reason, std::string(record->raw)}, {});
    collector_->report_error(fmt::format("{}:{}: malformed row ({}), sent to stream '{}'", path_, record->line, reason,
                                         kErrorsStream));
    if (progress_) progress_->mark_done(row);  // reported once, not again after a restart
    return true;
  }
  collector_->emit(values, MessageId(row));
  pending_.emplace(row, PendingRow{std::move(values), offset, line});
  rate_.sent();
  return true;
}

void CsvSpout::ack(const MessageId& id) {
  if (pending_.erase(id.as_int()) && progress_) {
    progress_->mark_done(id.as_int());
    note_resume_point();
  }
}

/// The first row not done: the oldest pending row, or (none pending) the next row to read.
void CsvSpout::note_resume_point() {
  if (!pending_.empty()) {
    const auto& [row, first] = *pending_.begin();
    progress_->set_resume_point(row, first.offset, first.line);
  } else {
    progress_->set_resume_point(next_row_, reader_->offset(), reader_->line());
  }
}

void CsvSpout::fail(const MessageId& id) {
  if (pending_.contains(id.as_int())) replay_.push_back(id.as_int());
}

bool CsvSpout::exhausted() const { return at_end_ && pending_.empty() && replay_.empty(); }

Value CsvSpout::position() const {
  return fmt::format("{} {} {}", reader_->offset(), reader_->line(), next_row_);
}

void CsvSpout::rewind(const Value& position) {
  std::uint64_t offset = data_offset_, line = data_line_;
  std::int64_t row = 0;
  if (!position.is_nil()) {
    std::istringstream in(position.as_string());
    if (!(in >> offset >> line >> row) || offset < data_offset_)
      throw SettingError(fmt::format("CsvSpout {}: '{}' is not a position of this file (OFFSET LINE ROW)", path_,
                                     position.to_string()));
  }
  // The checkpoint owns the position from now on: the progress file's rows done (acked) would
  // skip rows whose effect the rolled-back state no longer holds.
  progress_.reset();
  reader_->seek(offset, line);
  next_row_ = row;
  at_end_ = false;
  pending_.clear();
  replay_.clear();
}

void CsvSpout::register_in(ComponentRegistry& registry) {
  registry.add_spout<CsvSpout>({
      .class_name = "squall.spouts.CsvSpout",
      .aliases = {"CsvSpout"},
      .description = "replays a CSV file's rows as tuples (message id = row); failed rows are replayed, malformed ones go to 'errors'",
      .constructor_args = {"path"},
  });
}

}  // namespace squall::spouts
