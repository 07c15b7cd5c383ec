#pragma once
// FileSink (squall.bolts.FileSink): writes tuples to a file as CSV or JSON lines, and acks each
// tuple only once its write reached the file (after fflush); a write error fails the tuples.
// Guarantee: at-least-once. Every acked tuple is in the file; a tuple replayed after a failure
// may be in it twice. Strings that are not UTF-8 are written with U+FFFD in JSON lines.

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "squall/api/bolt.hpp"
#include "squall/api/registry/component_registry.hpp"

namespace squall::bolts {

/// Mode "truncate" empties the file once per topology submission, never when a worker restarts
/// the task, so acked rows are never destroyed. Buffered tuples are written and flushed when
/// `flush.every` or `flush.ms` is reached. With several tasks, task i > 0 writes to "path.i".
class FileSink : public Bolt {
 public:
  struct Settings {
    std::string path;
    std::string format = "csv";
    std::string mode = "truncate";
    std::vector<std::string> fields;
    bool header = true;
    std::int64_t flush_every = 100;
    std::int64_t flush_ms = 200;
    void describe(SettingsSchema& s) {
      s.required(path, "path", "output file (task i > 0 writes path.i)");
      s.add(format, "format", "csv or json (one object per line)");
      s.add(mode, "mode", "truncate or append");
      s.add(fields, "fields", "fields to write (default: all)");
      s.add(header, "header", "CSV header line when the file starts empty");
      s.add(flush_every, "flush.every", "tuples per write+flush");
      s.add(flush_ms, "flush.ms", "longest a tuple waits for its flush (ms)");
    }
  };
  /// Throws SettingError for an unknown format or mode.
  explicit FileSink(const Settings& settings);
  /// The same from untyped settings, as a C++ topology may give them (SettingError for a missing
  /// required or a mistyped setting).
  explicit FileSink(const ComponentSettings& settings) : FileSink(read_settings<Settings>(settings)) {}
  ~FileSink() override;

  /// Opens the file; throws Error naming the path when it cannot.
  void prepare(const TopologyContext& context, OutputCollector& collector) override;
  void execute(const Tuple& input) override;
  /// Flushes what is buffered.
  void cleanup() override;
  /// Ticks every flush.ms.
  Config component_configuration() const override;

  static void register_in(ComponentRegistry& registry);

 private:
  void flush();
  bool first_open_of_run(const TopologyContext& context) const;
  std::string render(const Tuple& t);

  std::string path_;
  bool json_;
  bool append_;
  bool header_;
  std::vector<std::string> fields_;
  std::size_t flush_every_;
  std::chrono::milliseconds flush_interval_;

  std::FILE* file_ = nullptr;
  bool header_written_ = false;
  OutputCollector* collector_ = nullptr;
  std::string buffer_;
  std::vector<Tuple> pending_;
  std::chrono::steady_clock::time_point last_flush_{};
};

}  // namespace squall::bolts
