#pragma once
// CsvSpout (squall.spouts.CsvSpout): replays the rows of a CSV file as tuples, each with its row
// number as message id; a failed row is emitted again. Malformed rows go to the "errors" stream.

#include <chrono>
#include <deque>
#include <string>
#include <map>
#include <vector>

#include "squall/connectors/files/csv_file_stream.hpp"
#include "squall/connectors/files/row_progress.hpp"
#include "squall/formats/csv/typed_field.hpp"
#include "squall/api/rate_limiter.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/api/state/replayable_spout.hpp"

namespace squall::spouts {

/// Output on "default": the configured fields, typed. Output on "errors": (file, line, reason,
/// record). The file is streamed (memory does not grow with its size). An empty int/double value
/// becomes nil. The progress file records which rows are done (acked), so that a restart emits
/// only the rows that are not: nothing lost, and repeats only of rows that were in flight
/// (RowProgress). With several tasks each gets FILE.task-N. Unset, a task of a
///   multi-worker topology keeps it in the supervisor's state directory (the worker can be
///   restarted; the run cannot), and a one-process run keeps none. Ignored with `loop`.
///   Delete the file to replay the whole file. The file also keeps a resume point (the byte
///   offset of the first row not done), so a restart seeks there instead of re-reading rows.
/// A row with the wrong field count, a number that does not parse or broken quoting is counted,
/// logged with file:line and emitted on "errors": never dropped silently.
/// A ReplayableSpout: with stateful bolts, its position is checkpointed with their state and the
/// state is exactly-once (docs/state.md).
class CsvSpout : public ReplayableSpout {
 public:
  /// Throws SettingError for a bad type name or delimiter; reads the header here (to declare the
  /// fields), throwing SettingError naming the path when the file cannot be read.
  struct Settings {
    std::string path;
    bool header = true;
    std::vector<std::string> fields;
    nlohmann::json types = nlohmann::json::object();
    std::string delimiter = ",";
    std::string quote = "\"";
    bool loop = false;
    double rows_per_second = 0;
    std::int64_t start_row = 0;
    std::string progress_file;
    void describe(SettingsSchema& s) {
      s.input_file(path, "path", "the CSV file", true);
      s.add(header, "header", "the first row names the fields");
      s.add(fields, "fields", "field names (required without a header)");
      s.add(types, "types", "field -> string | int | double (default string)", SettingType::map);
      s.add(delimiter, "delimiter", "field separator, one character (\\t for tab)");
      s.add(quote, "quote", "quote character");
      s.add(loop, "loop", "start again at the end of the file");
      s.add(rows_per_second, "rows.per.second", "emit rate per task; 0 = unthrottled");
      s.add(start_row, "start.row", "data rows to skip first");
      s.add(progress_file, "progress.file",
            "file recording the rows done, so a restart resumes (default: none; in a multi-worker topology, "
            "the supervisor's state directory)");
    }
  };
  explicit CsvSpout(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit CsvSpout(const ComponentSettings& settings) : CsvSpout(read_settings<Settings>(settings)) {}

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  bool exhausted() const override;
  void close() override;
  /// "OFFSET LINE ROW": where the next record starts in the file (bytes, line) and its row number.
  Value position() const override;
  /// Seeks to a position() (nil: the first data row) and forgets the rows in flight; from then on
  /// the checkpoints keep the position and the progress file is not used. Throws SettingError for
  /// a text position() did not make.
  void rewind(const Value& position) override;

  /// Registers CsvSpout with its settings schema.
  static void register_in(ComponentRegistry& registry);

 private:
  bool read_next_row();
  void note_resume_point();
  struct PendingRow {
    Values values;
    std::uint64_t offset, line;  // where the row starts in the file
  };

  std::string path_;
  bool header_;
  std::vector<std::string> fields_;
  std::vector<FieldType> types_;
  char delimiter_ = ',';
  char quote_ = '"';
  bool loop_ = false;
  std::int64_t start_row_ = 0;
  std::string progress_file_;
  std::unique_ptr<RowProgress> progress_;

  std::unique_ptr<CsvFileStream> reader_;
  std::uint64_t data_offset_ = 0, data_line_ = 1;  // where the rows start (after the header)
  std::int64_t next_row_ = 0;                       // the row number of the next record read
  std::map<std::int64_t, PendingRow> pending_;      // emitted, not yet acked: for replay
  std::deque<std::int64_t> replay_;
  MetricCounter* malformed_rows_ = nullptr;  // user metric "malformed_rows" (registered in open)
  bool at_end_ = false;
  RateLimiter rate_;
  SpoutOutputCollector* collector_ = nullptr;
  int task_index_ = 0, tasks_ = 1;
};

}  // namespace squall::spouts
