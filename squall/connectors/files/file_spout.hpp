#pragma once
// FileSpout (squall.spouts.FileSpout): lines of the files in a directory, or of one growing file,
// with progress that survives restarts (in the spirit of Storm's HdfsSpout / FileReaderSpout).

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "squall/api/log_throttle.hpp"
#include "squall/api/registry/component_registry.hpp"
#include "squall/api/state/replayable_spout.hpp"

namespace squall::spouts {

/// Reads a directory (every file matching `glob`, in name order, new ones picked up every
/// `poll.interval.ms`) or tails one file as it grows. The progress file (default:
/// `.squall-progress.json` in the directory, or FILE.progress.json) keeps for each file the
/// highest contiguous acked byte offset, written atomically (temp file and rename) every
/// `progress.interval.ms`, when a file completes and on close; a restart resumes there, so only
/// lines not yet acked are read again. A completely acked directory file is renamed to
/// NAME+`done.suffix`, or moved into `move.to` when set (NAME.1.done or move.to/NAME.1, .2, ... when
/// an earlier file took that name); its name is then free: a new file of the same name is read too. The progress file keeps the names of done files only while they could
/// not be renamed.
/// Directory files must be complete when they appear (write elsewhere, then rename in); a tailed
/// file's last line is read once its newline arrives.
/// Emits ("line", "location") with location "FILE:LINE"; message id "FILE:OFFSET". A line that is
/// not valid UTF-8 or longer than max.line.bytes goes to the "errors" stream ("reason", "line",
/// "location"; the line cut to 200 bytes) and counts as done. Failed lines are emitted again.
/// A ReplayableSpout: with stateful bolts, the checkpoints keep its read offsets (and the files
/// done), the progress file is not used, and a finished file is renamed only once a committed
/// checkpoint counts it done, so that a rollback can always read it again (docs/state.md).
class FileSpout : public ReplayableSpout {
 public:
  struct Settings {
    std::string path;
    std::string glob = "*";
    std::string progress_file;
    std::string done_suffix = ".done";
    std::string move_to;
    std::int64_t max_line_bytes = 1 << 20;
    bool finite = false;
    std::int64_t poll_interval_ms = 500;
    std::int64_t progress_interval_ms = 1000;
    void describe(SettingsSchema& s) {
      s.required(path, "path", "a directory, or one file to tail");
      s.add(glob, "glob", "which files of the directory to read");
      s.add(progress_file, "progress.file", "where progress is kept (default: beside the input)");
      s.add(done_suffix, "done.suffix", "suffix added to a finished file");
      s.add(move_to, "move.to", "directory finished files move to (instead of the suffix)");
      s.add(max_line_bytes, "max.line.bytes", "longer lines go to the errors stream");
      s.add(finite, "finite", "exhausted once every file is done");
      s.add(poll_interval_ms, "poll.interval.ms", "how often to look for new files or growth");
      s.add(progress_interval_ms, "progress.interval.ms", "how often progress is saved");
    }
  };
  explicit FileSpout(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit FileSpout(const ComponentSettings& settings) : FileSpout(read_settings<Settings>(settings)) {}
  ~FileSpout() override;

  void declare_output_fields(OutputFieldsDeclarer& declarer) const override;
  void open(const TopologyContext& context, SpoutOutputCollector& collector) override;
  void next_tuple() override;
  void ack(const MessageId& id) override;
  void fail(const MessageId& id) override;
  void close() override;
  bool exhausted() const override;
  /// JSON text {"files": {NAME: OFFSET}, "done": [NAME...]}: the byte offset after the last line
  /// emitted of each file begun, and the files read to their end but not yet renamed.
  Value position() const override;
  /// Reads on from a position() (nil: from the start, every file not yet renamed as done); from
  /// then on the checkpoints own the progress. Throws SettingError for a text position() did not
  /// make.
  void rewind(const Value& position) override;
  /// Renames (or moves) the files the committed `position` counts done.
  void checkpoint_committed(const Value& position) override;

  static void register_in(ComponentRegistry& registry);

 private:
  struct InFlight {
    std::int64_t end;
    std::int64_t line_number;
    std::string text;
    bool acked = false;
  };
  struct FileState {
    std::string name;  // relative to the directory (or the file name when tailing)
    std::int64_t committed = 0;  // every line before this offset is acked
    std::int64_t read_pos = 0;
    std::int64_t line_number = 0;  // lines read so far
    bool eof = false;
    std::map<std::int64_t, InFlight> in_flight;  // by start offset
  };

  void scan();
  bool read_line(FileState& f);
  void advance_commit(FileState& f);
  void finish_if_done(FileState& f);
  /// Closes a file that is being read (before it is renamed or forgotten).
  void stop_reading(const std::string& name);
  /// Renames a finished file (done.suffix or move.to); false (logged) when it cannot.
  bool retire(const std::string& name);
  void save_progress();
  void load_progress();
  FileState* find(const std::string& name);
  /// Where file `name` (as files_ and done_ name it) is read from.
  std::filesystem::path path_of(const std::string& name) const;

  std::filesystem::path path_;
  bool tail_ = false;
  std::string glob_;
  std::filesystem::path progress_path_;
  std::string done_suffix_;
  std::filesystem::path move_to_;
  std::size_t max_line_;
  bool finite_;
  std::chrono::milliseconds poll_interval_, progress_interval_;

  SpoutOutputCollector* collector_ = nullptr;
  std::deque<FileState> files_;  // not yet done, in name order; front is being read
  std::set<std::string> done_;  // read to the end but still under their name (not renamed yet, or failing to be)
  std::deque<std::pair<std::string, std::int64_t>> replay_;  // (file, offset)
  std::FILE* reading_ = nullptr;
  std::string reading_name_;
  LogThrottle problem_log_;  // a malformed line each
  std::chrono::steady_clock::time_point next_scan_{}, next_save_{};
  bool scanned_ = false;
  bool dirty_ = false;
  bool checkpointed_ = false;  // rewound: the checkpoints own the progress
  std::set<std::string> unretired_;  // read to the end, to be renamed once a checkpoint commits it
};

}  // namespace squall::spouts
