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

/// Settings: `path` (string); `format` ("csv" | "json", default csv); `mode` ("truncate" |
/// "append", default truncate: the file is emptied once per topology submission, never when a
/// worker restarts the task, so acked rows are never destroyed); `fields` (list<string>; default every input field);
/// `flush.every` (tuples, default 100) and `flush.ms` (ms, default 200): buffered tuples are
/// written and flushed when either is reached; `header` (bool, default true: a CSV header when
/// the file starts empty). With several tasks, task i > 0 writes to "path.i".
class FileSink : public Bolt {
 public:
  explicit FileSink(const ComponentSettings& settings);
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
