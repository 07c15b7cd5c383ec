#pragma once
// Where given-up (poison) spout tuples go: one JSON line each, with why they failed, so that
// nothing disappears silently and an operator can replay or inspect them.

#include <cstdint>
#include <string>

#include "squall/api/failure_reason.hpp"
#include "squall/api/message_id.hpp"
#include "squall/api/value.hpp"

namespace squall::runtime {

/// Appends dead letters to `path` (created on the first one), each a single write(2) of one
/// line with O_APPEND, so that the tasks of several workers can share the file:
///
///     {"topology":"t","component":"rows","task":3,"message_id":"17","attempts":11,
///      "reason":"failed by bolt 'sink' (task 5)","values":[...],"time":"2026-12-02T08:00:00Z"}
///
/// `values` is null when the message failed before any replay kept a copy (topology.max.replays
/// = 0). Thread-compatible: one writer per executor.
class DeadLetterFile {
 public:
  explicit DeadLetterFile(std::string path) : path_(std::move(path)) {}
  ~DeadLetterFile();
  DeadLetterFile(const DeadLetterFile&) = delete;
  DeadLetterFile& operator=(const DeadLetterFile&) = delete;

  /// Writes one dead letter. Returns false (and the reason in `error`) when the file cannot be
  /// opened or written; the caller logs it, rate-limited.
  bool write(const std::string& topology, const std::string& component, int task, const MessageId& id,
             std::int64_t attempts, const FailureReason& reason, const Values* values, std::string& error);
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

/// The dead-letter file of a topology: `squall.deadletter.file` when set, else
/// "<topology>.deadletter.jsonl" in the working directory (the name made safe for a path).
std::string dead_letter_path(const std::string& configured, const std::string& topology);

}  // namespace squall::runtime
