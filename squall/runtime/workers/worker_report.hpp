#pragma once
// A worker's heartbeat to its supervisor: its transport totals (termination detection), its task
// metrics (the merged progress line and summary) and its link counters.

#include <cstdint>
#include <string>
#include <vector>

#include "squall/runtime/metrics/task_record.hpp"
#include "squall/runtime/run/termination.hpp"

namespace squall::runtime {

struct WorkerReport {
  int worker = 0;
  int pid = 0;                   ///< tells one incarnation of the worker from the next
  std::int64_t generated_ns = 0;  ///< steady_clock (CLOCK_MONOTONIC, shared by the processes)
  RunTotals totals;
  bool failed = false;   ///< an executor stopped on an exception
  bool stopped = false;  ///< the last report: every executor has stopped
  std::uint64_t malformed_frames = 0, refused_peers = 0;
  std::vector<TaskRecord> tasks;
};

/// msgpack: [worker, pid, generated_ns, [sent, processed, pending, exhausted], failed, stopped,
/// malformed, refused, [task...]]; a histogram travels as its non-empty [bucket, count] pairs.
std::string encode_report(const WorkerReport& report);
/// Now, in the clock of WorkerReport::generated_ns (steady_clock, ns): comparable across the
/// supervisor and its workers on one machine.
std::int64_t monotonic_ns();
/// Throws DecodeError for a frame that is not a report.
WorkerReport decode_report(std::string_view frame);

}  // namespace squall::runtime
